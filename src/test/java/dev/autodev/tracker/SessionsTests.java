package dev.autodev.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.store.StoreException;
import dev.autodev.support.FaultyFileSystem;
import dev.autodev.support.FaultyFileSystem.Op;
import dev.autodev.support.TrackerContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Sessions: {@code session end} logs a summary to history/sessions.jsonl and carries every open
 * task and the current task over; the next session starts clean with the next change; the log line
 * survives a crash between the commit point and its append, and is never written twice.
 */
class SessionsTests {

  @TempDir Path home;

  private Path sessionsFile() {
    return home.resolve("tasks/history/sessions.jsonl");
  }

  private List<String> sessionLines() throws Exception {
    return Files.exists(sessionsFile())
        ? Files.readAllLines(sessionsFile(), StandardCharsets.UTF_8)
        : List.of();
  }

  @Test
  void sessionEndLogsTheSummaryAndCarriesOpenTasksAndTheCurrentTaskIntoACleanNextSession()
      throws Exception {
    UUID firstSession;
    Task current;
    Task waiting;
    Task done;
    Task failed;
    MemoryEntry decision;
    SessionRecord record;
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      current = t.create(NewTask.named("Implement feature X"));
      waiting = t.create(NewTask.named("Write the docs"));
      done = t.create(NewTask.named("Setup project"));
      failed = t.create(NewTask.named("Try the old parser"));
      t.start(done.id(), false);
      t.complete(done.id(), false);
      t.start(failed.id(), false);
      t.fail(failed.id(), "too slow");
      t.start(current.id(), false);
      decision = t.decide("Use async pattern", current.id(), List.of());
      firstSession = t.state().sessionId();
      assertThat(firstSession).isNotNull();

      record = t.endSession();

      TrackerState after = t.state();
      assertThat(after.sessionId()).isNull();
      assertThat(after.startedAt()).isNull();
      assertThat(after.tasks().keySet()).containsExactly(current.id(), waiting.id());
      assertThat(after.currentTaskId()).isEqualTo(current.id());
      assertThat(after.completedTasks()).isEmpty();
      assertThat(after.failedTasks()).isEmpty();
      assertThat(after.memory().keyDecisions()).containsExactly(decision);
    }
    assertThat(record.sessionId()).isEqualTo(firstSession);
    assertThat(record.completed()).extracting(CompletedSummary::id).containsExactly(done.id());
    assertThat(record.failed()).extracting(FailedSummary::id).containsExactly(failed.id());
    assertThat(record.decisions()).containsExactly(decision);
    assertThat(record.openTasks()).isEqualTo(2);
    assertThat(record.currentTaskId()).isEqualTo(current.id());
    assertThat(record.endedAt()).isAfterOrEqualTo(record.startedAt());

    List<String> lines = sessionLines();
    assertThat(lines).singleElement().satisfies(l -> assertThat(l).startsWith("{\"crc\":\""));
    JsonNode line = TrackerJson.mapper().readTree(lines.get(0)).get("session");
    assertThat(line.get("session_id").asString()).isEqualTo(firstSession.toString());
    assertThat(line.get("ended_revision").asLong()).isEqualTo(record.endedRevision());
    assertThat(line.get("completed").get(0).get("name").asString()).isEqualTo("Setup project");
    assertThat(line.get("failed").get(0).get("reason").asString()).isEqualTo("too slow");
    assertThat(line.get("decisions").get(0).get("text").asString()).isEqualTo("Use async pattern");

    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      assertThat(t.startupRecovery()).isEmpty();
      assertThat(t.state().sessionId()).as("no session until the next change").isNull();
      assertThat(t.state().currentTaskId()).isEqualTo(current.id());
      assertThat(ctx.bean(SessionLog.class).latest()).hasValue(record);

      t.addContext(current.id(), ContextKind.NOTE, "back at it");
      TrackerState next = t.state();
      assertThat(next.sessionId()).isNotNull().isNotEqualTo(firstSession);
      assertThat(next.startedAt()).isAfterOrEqualTo(record.endedAt());
      assertThat(next.tasks().keySet()).containsExactly(current.id(), waiting.id());
      assertThat(next.completedTasks()).isEmpty();
      assertThat(t.get(current.id()).sessionId())
          .as("a task keeps its origin")
          .isEqualTo(firstSession);
    }
  }

  @Test
  void sessionStartOpensOneExplicitlyAndBothCommandsRefuseWhatDoesNotFit() throws Exception {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      assertThatThrownBy(t::endSession)
          .isInstanceOf(SessionStateException.class)
          .hasMessageContaining("no session is open");
      UUID id = t.startSession();
      assertThat(t.state().sessionId()).isEqualTo(id);
      assertThat(t.state().startedAt()).isNotNull();
      byte[] current = Files.readAllBytes(home.resolve("tasks/current.json"));
      assertThatThrownBy(t::startSession)
          .isInstanceOf(SessionStateException.class)
          .hasMessageContaining("is already open");
      assertThat(Files.readAllBytes(home.resolve("tasks/current.json"))).isEqualTo(current);
      t.endSession();
      assertThat(t.state().sessionId()).isNull();
    }
    assertThat(sessionLines()).hasSize(1);
  }

  @Test
  void sessionsAreListedNewestFirst() {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      TaskTracker t = ctx.tracker();
      List<UUID> ended = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        t.create(NewTask.named("task " + i));
        ended.add(t.endSession().sessionId());
      }
      SessionLog log = ctx.bean(SessionLog.class);
      assertThat(log.newest(2))
          .extracting(SessionRecord::sessionId)
          .containsExactly(ended.get(2), ended.get(1));
      assertThat(log.newest(10)).hasSize(3);
      assertThat(t.openTasks()).hasSize(3);
    }
  }

  @Test
  void aSessionLineThatACrashKeptOutIsWrittenAtTheNextStartAndNeverTwice() throws Exception {
    byte[] snapshotBeforeEnd;
    UUID session;
    try (TrackerContext ctx = TrackerContext.open(home)) {
      ctx.tracker().create(NewTask.named("carried"));
      session = ctx.tracker().state().sessionId();
      snapshotBeforeEnd = Files.readAllBytes(home.resolve("tasks/current.json"));
      ctx.tracker().endSession();
    }
    Path current = home.resolve("tasks/current.json");
    // First: the crash came after the session line was appended, before current.json was replaced.
    Files.write(current, snapshotBeforeEnd);
    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().state().sessionId()).isNull();
      assertThat(ctx.tracker().startupRecovery())
          .noneSatisfy(a -> assertThat(a).contains("logged"));
    }
    assertThat(sessionLines()).hasSize(1);

    // Then: the crash came right after the journal's commit point, before the line was appended.
    Files.write(current, snapshotBeforeEnd);
    Files.write(sessionsFile(), new byte[0]);
    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().startupRecovery())
          .anySatisfy(a -> assertThat(a).startsWith("logged the end of session"));
      assertThat(ctx.bean(SessionLog.class).latest())
          .hasValueSatisfying(r -> assertThat(r.sessionId()).isEqualTo(session));
    }
    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().startupRecovery()).isEmpty();
    }
    assertThat(sessionLines()).hasSize(1);
  }

  @Test
  void aTornSessionLineIsCutBeforeTheNextAppend() throws Exception {
    try (TrackerContext ctx = TrackerContext.open(home)) {
      ctx.tracker().startSession();
      ctx.tracker().endSession();
    }
    Files.write(
        sessionsFile(),
        "{\"crc\":\"00000000\",\"session\":{\"schema".getBytes(StandardCharsets.UTF_8),
        java.nio.file.StandardOpenOption.APPEND);
    try (TrackerContext ctx = TrackerContext.open(home)) {
      ctx.tracker().startSession();
      ctx.tracker().endSession();
      assertThat(ctx.bean(SessionLog.class).newest(5)).hasSize(2);
    }
    assertThat(sessionLines()).hasSize(2);
  }

  @Test
  void aFailedSessionLogAppendRollsTheWholeChangeBack() throws Exception {
    FaultyFileSystem fs = new FaultyFileSystem();
    try (TrackerContext ctx = TrackerContext.open(home, fs)) {
      TaskTracker t = ctx.tracker();
      t.create(NewTask.named("carried"));
      UUID session = t.state().sessionId();
      byte[] journal = Files.readAllBytes(home.resolve("tasks/journal.jsonl"));

      fs.failNth(Op.FSYNC, 1, p -> p.endsWith("sessions.jsonl"));
      assertThatThrownBy(t::endSession).isInstanceOf(StoreException.class);

      assertThat(t.state().sessionId()).isEqualTo(session);
      assertThat(Files.readAllBytes(home.resolve("tasks/journal.jsonl"))).isEqualTo(journal);
      assertThat(Files.size(sessionsFile())).isZero();
      fs.disarm();
      t.endSession();
    }
    assertThat(sessionLines()).hasSize(1);
  }

  @Test
  void recoveryAndACleanExitDoNotCountAsActivity() {
    java.time.Instant last;
    try (TrackerContext ctx = TrackerContext.open(home)) {
      ctx.tracker().create(NewTask.named("the last real change"));
      last = ctx.tracker().state().lastActivityAt();
    }
    try (TrackerContext ctx = TrackerContext.open(home)) {
      assertThat(ctx.tracker().state().runs().recent()).isNotEmpty();
      assertThat(ctx.tracker().state().lastActivityAt()).isEqualTo(last);
    }
  }

  @Test
  void theMemoryAndSessionEventsSurviveTheJournalCodec() {
    UUID id = UUID.randomUUID();
    java.time.Instant at = java.time.Instant.parse("2026-11-23T10:30:00Z");
    MemoryEntry entry = new MemoryEntry(id, "a decision", at, id, null, List.of("t"));
    List<DomainEvent> events =
        List.of(
            new DomainEvent.ProjectTypeSet("cli_tool"),
            new DomainEvent.FactSet("build", "./mvnw verify"),
            new DomainEvent.FactRemoved("build"),
            new DomainEvent.DecisionRecorded(id, null, "a decision"),
            new DomainEvent.PatternLearned(id, List.of("t"), "a pattern"),
            new DomainEvent.MemoryEntryForgotten(id, MemoryKind.PATTERN),
            new DomainEvent.SessionEnded(
                id,
                at,
                at.plusSeconds(60),
                List.of(new CompletedSummary(id, "done", at, 5)),
                List.of(new FailedSummary(id, "failed", at, "why", 1)),
                List.of(entry),
                3,
                id));
    TrackerState before = TrackerState.EMPTY;
    TrackerState after =
        before.withMemory(Memory.EMPTY.withEntry(MemoryKind.DECISION, entry).withFact("k", "v"));
    JournalEntry written =
        new JournalEntry(
            JournalEntry.SCHEMA_VERSION,
            1,
            at,
            id,
            id,
            events,
            StateDelta.between(before, after, List.of()));
    JournalEntry read =
        TrackerJson.readVersioned(
            TrackerJson.compact(written),
            JournalEntry.class,
            JournalEntry.SCHEMA_VERSION,
            home.resolve("journal.jsonl"));
    assertThat(read).isEqualTo(written);
    assertThat(read.delta().memoryChange()).isNotNull();
    assertThat(read.delta().applyTo(before, 1).memory()).isEqualTo(after.memory());
  }
}
