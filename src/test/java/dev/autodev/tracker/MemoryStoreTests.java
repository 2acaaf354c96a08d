package dev.autodev.tracker;

import static dev.autodev.support.MemoryFiles.assertMirrorEqualsMemoryJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodev.support.TrackerContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory store: every operation survives a restart, memory.json and the mirror in current.json
 * agree after every save, refused input changes nothing, and the journal alone rebuilds the memory
 * exactly from its small deltas.
 */
class MemoryStoreTests {

  @TempDir Path home;

  private TrackerContext ctx;

  @AfterEach
  void close() {
    if (ctx != null) {
      ctx.close();
    }
  }

  /** Runs one operation, checks the files, restarts, and checks what the next start sees. */
  private void step(Consumer<TaskTracker> operation, Consumer<Memory> expect) {
    if (ctx == null) {
      ctx = TrackerContext.open(home);
    }
    operation.accept(ctx.tracker());
    assertMirrorEqualsMemoryJson(home);
    expect.accept(ctx.tracker().memory());
    ctx.close();
    ctx = TrackerContext.open(home);
    assertThat(ctx.tracker().startupRecovery()).isEmpty();
    expect.accept(ctx.tracker().memory());
  }

  @Test
  void everyMemoryOperationSurvivesARestartAndTheMirrorMatchesAfterEachSave() {
    UUID[] ids = new UUID[3];
    step(t -> t.setProjectType("cli_tool"), m -> assertThat(m.projectType()).isEqualTo("cli_tool"));
    step(
        t -> t.setFact("build", "./mvnw verify"),
        m -> assertThat(m.facts()).containsEntry("build", "./mvnw verify"));
    step(
        t -> t.setFact("build", "./mvnw -B verify"),
        m ->
            assertThat(m.facts())
                .containsExactly(java.util.Map.entry("build", "./mvnw -B verify")));
    step(
        t -> t.setFact("lang", "Java 17"),
        m -> assertThat(m.facts().keySet()).containsExactly("build", "lang"));
    step(
        t -> {
          Task task = t.create(NewTask.named("Store"));
          ids[0] = t.decide("Use JSON Lines for logs", task.id(), List.of("storage")).id();
        },
        m ->
            assertThat(m.keyDecisions())
                .singleElement()
                .satisfies(
                    d -> {
                      assertThat(d.id()).isEqualTo(ids[0]);
                      assertThat(d.text()).isEqualTo("Use JSON Lines for logs");
                      assertThat(d.taskId()).isNotNull();
                      assertThat(d.sessionId()).isNotNull();
                      assertThat(d.tags()).containsExactly("storage");
                      assertThat(d.at()).isNotNull();
                    }));
    step(
        t -> ids[1] = t.learn("fsync the folder after a rename", null, List.of("io", "posix")).id(),
        m ->
            assertThat(m.learnedPatterns())
                .singleElement()
                .satisfies(p -> assertThat(p.tags()).containsExactly("io", "posix")));
    step(
        t -> ids[2] = t.learn("Tests wait for conditions", null, List.of()).id(),
        m ->
            assertThat(m.learnedPatterns())
                .extracting(MemoryEntry::id)
                .containsExactly(ids[1], ids[2]));
    step(
        t ->
            assertThat(t.forget(t.resolveMemoryEntry(ids[1].toString().substring(0, 6))).kind())
                .isEqualTo(MemoryKind.PATTERN),
        m -> assertThat(m.learnedPatterns()).extracting(MemoryEntry::id).containsExactly(ids[2]));
    step(
        t -> assertThat(t.unsetFact("build")).isEqualTo("./mvnw -B verify"),
        m -> assertThat(m.facts().keySet()).containsExactly("lang"));
    step(
        t -> assertThat(t.forget(ids[0]).entry().text()).isEqualTo("Use JSON Lines for logs"),
        m -> assertThat(m.keyDecisions()).isEmpty());
    assertThat(ctx.tracker().fact("lang")).isEqualTo("Java 17");
    assertThat(ctx.tracker().memoryEntry(ids[2]).entry().text())
        .isEqualTo("Tests wait for conditions");
  }

  @Test
  void refusedMemoryChangesLeaveTheFilesUntouched() throws Exception {
    ctx = TrackerContext.open(home);
    TaskTracker t = ctx.tracker();
    MemoryEntry d = t.decide("Keep it small", null, List.of());
    t.setFact("k", "v");
    byte[] current = Files.readAllBytes(home.resolve("tasks/current.json"));
    byte[] memory = Files.readAllBytes(home.resolve("tasks/memory.json"));
    long journal = Files.size(home.resolve("tasks/journal.jsonl"));

    assertThatThrownBy(() -> t.setFact("has space", "v"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("fact key 'has space'");
    assertThatThrownBy(() -> t.setFact("k", " "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("value must not be empty");
    assertThatThrownBy(() -> t.setFact("x".repeat(101), "v"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> t.decide("x".repeat(2001), null, List.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("the limit is 2000");
    assertThatThrownBy(() -> t.setProjectType("two\nlines"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> t.learn("p", null, List.of("no spaces")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> t.decide("about nothing", UUID.randomUUID(), List.of()))
        .isInstanceOf(TaskNotFoundException.class);
    assertThatThrownBy(() -> t.unsetFact("missing"))
        .isInstanceOf(MemoryNotFoundException.class)
        .hasMessage("no fact 'missing' in the memory");
    assertThatThrownBy(() -> t.fact("missing")).isInstanceOf(MemoryNotFoundException.class);
    assertThatThrownBy(() -> t.forget(UUID.randomUUID()))
        .isInstanceOf(MemoryNotFoundException.class);
    assertThatThrownBy(() -> t.resolveMemoryEntry("zz")).isInstanceOf(InvalidInputException.class);
    // the same decision or fact again is a no-op, not a duplicate
    assertThat(t.decide("Keep it small", null, List.of()).id()).isEqualTo(d.id());
    t.setFact("k", "v");

    assertThat(Files.readAllBytes(home.resolve("tasks/current.json"))).isEqualTo(current);
    assertThat(Files.readAllBytes(home.resolve("tasks/memory.json"))).isEqualTo(memory);
    assertThat(Files.size(home.resolve("tasks/journal.jsonl"))).isEqualTo(journal);
  }

  @Test
  void aFullMemoryRefusesMoreOfThatKindButStillTakesReplacements() {
    Memory full = Memory.EMPTY;
    for (int i = 0; i < MemoryInput.FACTS_MAX; i++) {
      full = full.withFact("f" + i, "v");
    }
    for (int i = 0; i < MemoryInput.ENTRIES_MAX; i++) {
      full =
          full.withEntry(
              MemoryKind.PATTERN,
              new MemoryEntry(UUID.randomUUID(), "p" + i, Instant.EPOCH, null, null, List.of()));
    }
    TaskTracker.Ctx ctx =
        new TaskTracker.Ctx(
            TrackerState.EMPTY.withMemory(full),
            Instant.now(),
            UUID.randomUUID(),
            UUID.randomUUID(),
            1);
    HistoryArchive noHistory = null; // no task is named, so history is never asked

    assertThatThrownBy(() -> MemoryOperations.setFact("one-more", "v").apply(ctx))
        .isInstanceOf(MemoryFullException.class)
        .hasMessageContaining("200 facts, the limit");
    assertThat(MemoryOperations.setFact("f0", "changed").apply(ctx).state().memory().facts())
        .hasSize(MemoryInput.FACTS_MAX)
        .containsEntry("f0", "changed");
    assertThatThrownBy(
            () ->
                MemoryOperations.record(MemoryKind.PATTERN, "one more", null, List.of(), noHistory)
                    .apply(ctx))
        .isInstanceOf(MemoryFullException.class)
        .hasMessageContaining("500 learned patterns, the limit");
    assertThat(
            MemoryOperations.record(MemoryKind.DECISION, "a decision", null, List.of(), noHistory)
                .apply(ctx)
                .state()
                .memory()
                .keyDecisions())
        .hasSize(1);
  }

  @Test
  void theJournalAloneRebuildsTheMemoryFromSmallDeltas() throws Exception {
    ctx = TrackerContext.open(home);
    TaskTracker t = ctx.tracker();
    Random random = new Random(42);
    List<UUID> entries = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      switch (random.nextInt(6)) {
        case 0 -> entries.add(t.decide("decision " + i, null, List.of()).id());
        case 1 -> entries.add(t.learn("pattern " + i, null, List.of("t" + i % 3)).id());
        case 2 -> t.setFact("key" + random.nextInt(10), "value " + i);
        case 3 -> {
          if (t.memory().facts().containsKey("key" + i % 10)) {
            t.unsetFact("key" + i % 10);
          }
        }
        case 4 -> {
          if (!entries.isEmpty()) {
            t.forget(entries.remove(random.nextInt(entries.size())));
          }
        }
        default -> t.setProjectType("type " + random.nextInt(3));
      }
    }
    Memory live = t.memory();
    ctx.close();
    ctx = null;

    // A decision journals only itself, not the whole memory.
    List<String> journal =
        Files.readAllLines(home.resolve("tasks/journal.jsonl"), StandardCharsets.UTF_8);
    assertThat(journal.get(journal.size() - 1)).doesNotContain("\"memory\":");
    assertThat(journal).anySatisfy(l -> assertThat(l).contains("\"memory_change\":"));

    for (String f : List.of("current.json", "current.json.bak", "memory.json", "memory.json.bak")) {
      Files.deleteIfExists(home.resolve("tasks").resolve(f));
    }
    ctx = TrackerContext.open(home);
    Memory rebuilt = ctx.tracker().memory();
    assertThat(rebuilt).isEqualTo(live);
    assertThat(List.copyOf(rebuilt.facts().keySet())).isEqualTo(List.copyOf(live.facts().keySet()));
    assertMirrorEqualsMemoryJson(home);
  }

  @Test
  void aMemoryDeltaThatCannotReproduceTheChangeFallsBackToTheWholeMemory() {
    MemoryEntry e = new MemoryEntry(UUID.randomUUID(), "old", Instant.EPOCH, null, null, List.of());
    Memory before = Memory.EMPTY.withEntry(MemoryKind.DECISION, e);
    Memory edited =
        Memory.EMPTY.withEntry(
            MemoryKind.DECISION, new MemoryEntry(e.id(), "new", e.at(), null, null, List.of()));
    assertThat(MemoryDelta.between(before, edited)).isNull();
    Memory grown = Memory.EMPTY.withFact("a", "1").withFact("b", "2");
    assertThat(MemoryDelta.between(Memory.EMPTY.withFact("a", "1"), grown)).isNotNull();
    // a new fact placed before an old one is an order no delta reproduces
    Memory reordered = Memory.EMPTY.withFact("b", "2").withFact("a", "1");
    assertThat(MemoryDelta.between(Memory.EMPTY.withFact("a", "1"), reordered)).isNull();

    TrackerState s = TrackerState.EMPTY.withMemory(before);
    StateDelta delta = StateDelta.between(s, s.withMemory(edited), List.of());
    assertThat(delta.memory()).isEqualTo(edited);
    assertThat(delta.applyTo(s, 1).memory()).isEqualTo(edited);
  }
}
