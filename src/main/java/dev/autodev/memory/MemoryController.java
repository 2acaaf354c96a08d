package dev.autodev.memory;

import dev.autodev.tracker.Memory;
import dev.autodev.tracker.MemoryEntry;
import dev.autodev.tracker.MemoryItem;
import dev.autodev.tracker.TaskTracker;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The memory over HTTP: the same operations and documents as the {@code memory} commands, every
 * change durable before the response is sent. Input limits are the tracker's ({@link
 * dev.autodev.tracker.MemoryInput}), so both ways in refuse the same things with the same words.
 */
@RestController
@RequestMapping("/api/memory")
@Tag(
    name = "memory",
    description =
        "The working memory: project type, key decisions, learned patterns, facts; search and the briefing export")
class MemoryController {

  private final TaskTracker tracker;
  private final ContextExport export;

  MemoryController(TaskTracker tracker, ContextExport export) {
    this.tracker = tracker;
    this.export = export;
  }

  /** The body of PUT /api/memory/project-type. */
  record ProjectTypeBody(@Nullable String projectType) {}

  /** The body of PUT /api/memory/facts/{key}. */
  record FactBody(@Nullable String value) {}

  /** The body of POST /api/memory/decisions and /patterns. */
  record EntryBody(@Nullable String text, @Nullable String taskId, @Nullable List<String> tags) {}

  @GetMapping
  Memory show() {
    return tracker.memory();
  }

  @GetMapping("/project-type")
  ProjectType projectType() {
    return new ProjectType(tracker.memory().projectType());
  }

  @PutMapping("/project-type")
  ProjectType setProjectType(@RequestBody(required = false) @Nullable ProjectTypeBody body) {
    return new ProjectType(tracker.setProjectType(body == null ? null : body.projectType()));
  }

  @GetMapping("/facts/{key}")
  Fact fact(@PathVariable("key") String key) {
    return new Fact(key, tracker.fact(key));
  }

  @PutMapping("/facts/{key}")
  Fact setFact(
      @PathVariable("key") String key, @RequestBody(required = false) @Nullable FactBody body) {
    return new Fact(key, tracker.setFact(key, body == null ? null : body.value()));
  }

  @DeleteMapping("/facts/{key}")
  Fact unsetFact(@PathVariable("key") String key) {
    return new Fact(key, tracker.unsetFact(key));
  }

  @ApiResponse(responseCode = "201", description = "recorded; Location names the entry")
  @PostMapping("/decisions")
  ResponseEntity<MemoryEntry> decide(@RequestBody(required = false) @Nullable EntryBody body) {
    EntryBody b = body == null ? new EntryBody(null, null, null) : body;
    return created(tracker.decide(b.text(), taskId(b), tags(b)));
  }

  @ApiResponse(responseCode = "201", description = "recorded; Location names the entry")
  @PostMapping("/patterns")
  ResponseEntity<MemoryEntry> learn(@RequestBody(required = false) @Nullable EntryBody body) {
    EntryBody b = body == null ? new EntryBody(null, null, null) : body;
    return created(tracker.learn(b.text(), taskId(b), tags(b)));
  }

  @GetMapping("/entries/{id}")
  MemoryItem entry(@PathVariable("id") String id) {
    return tracker.memoryEntry(tracker.resolveMemoryEntry(id));
  }

  @DeleteMapping("/entries/{id}")
  MemoryItem forget(@PathVariable("id") String id) {
    return tracker.forget(tracker.resolveMemoryEntry(id));
  }

  @GetMapping("/search")
  SearchResult search(
      @RequestParam(name = "q", required = false) @Nullable String query,
      @RequestParam(name = "limit", defaultValue = "50") int limit) {
    return MemorySearch.search(tracker.memory(), query == null ? "" : query, limit);
  }

  @ApiResponse(
      responseCode = "200",
      description = "the briefing: Markdown, or with format=json one JSON document",
      content = {
        @Content(mediaType = "text/markdown", schema = @Schema(type = "string")),
        @Content(mediaType = "application/json", schema = @Schema(type = "object"))
      })
  @GetMapping(
      path = "/export",
      produces = {"text/markdown", MediaType.APPLICATION_JSON_VALUE})
  ResponseEntity<String> export(
      @RequestParam(name = "format", defaultValue = "markdown") String format,
      @RequestParam(name = "max_chars", defaultValue = "4000") int maxChars) {
    ContextExport.Format f = ContextExport.Format.parse(format);
    MediaType type =
        f == ContextExport.Format.JSON
            ? MediaType.APPLICATION_JSON
            : new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8);
    return ResponseEntity.ok().contentType(type).body(export.export(f, maxChars));
  }

  private @Nullable UUID taskId(EntryBody b) {
    return b.taskId() == null ? null : tracker.resolve(b.taskId());
  }

  private static List<String> tags(EntryBody b) {
    return b.tags() == null ? List.of() : b.tags();
  }

  private static ResponseEntity<MemoryEntry> created(MemoryEntry entry) {
    return ResponseEntity.created(URI.create("/api/memory/entries/" + entry.id())).body(entry);
  }
}
