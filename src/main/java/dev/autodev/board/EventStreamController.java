package dev.autodev.board;

import dev.autodev.tracker.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/events}: every committed change as a server-sent event, from whichever process
 * made it — what keeps the board live, and a feed for scripts ({@code curl -N}).
 */
@RestController
@ConditionalOnWebApplication
@Tag(
    name = "events",
    description =
        "Every committed change, live, as server-sent events; resumable with Last-Event-ID")
class EventStreamController {

  static final String LAST_EVENT_ID = "Last-Event-ID";

  private final ChangeFeed feed;
  private final EventsProperties properties;

  EventStreamController(ChangeFeed feed, EventsProperties properties) {
    this.feed = feed;
    this.properties = properties;
  }

  @Operation(
      summary = "Stream committed changes",
      description =
          "A text/event-stream of every change committed to the store by any process (shell,"
              + " server, one-shot command, another server on the same folder), in revision order,"
              + " usually within milliseconds. Events: 'change' (id = revision; data ="
              + " {revision, at, session_id, run_id, events: [domain events]}), 'ready' (every"
              + " change up to its id was sent; live from here), 'reset' (the changes since"
              + " Last-Event-ID cannot be replayed: reload what you show; the stream goes on from"
              + " its id). Reconnect with Last-Event-ID = the last id seen to resume with no gap"
              + " (browsers do this by themselves). Comment lines are heartbeats.")
  @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(
      @Parameter(
              in = ParameterIn.HEADER,
              name = LAST_EVENT_ID,
              description = "The last revision received; the changes after it are sent first")
          @RequestHeader(name = LAST_EVENT_ID, required = false)
          @Nullable String lastEventId) {
    Long after = revision(lastEventId);
    SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
    feed.subscribe(new SseEventSink(emitter), after);
    return emitter;
  }

  private static @Nullable Long revision(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String v = header.strip();
    if (v.length() > 19 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidInputException(
          "Last-Event-ID",
          "Last-Event-ID must be a revision number (the id of the last event received), not '"
              + (v.length() > 40 ? v.substring(0, 40) + "…" : v)
              + "'");
    }
    return Long.parseLong(v);
  }

  @ExceptionHandler(ChangeFeed.TooManySubscribersException.class)
  ResponseEntity<ProblemDetail> tooMany(ChangeFeed.TooManySubscribersException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .header("Retry-After", "5")
        .body(problem);
  }
}
