package dev.autodev.board;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.autodev.tracker.JournalEntry;
import dev.autodev.tracker.StateDelta;
import dev.autodev.tracker.TrackerJson;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * One message of the change stream, serialised once and sent as it is to every subscriber.
 *
 * <ul>
 *   <li>{@code change} (id = its revision): one committed change — revision, time, session, run and
 *       its domain events, as in the journal without the redo delta;
 *   <li>{@code ready} (id = the revision the stream stands at): every change up to it was sent, new
 *       ones follow as they are committed;
 *   <li>{@code reset} (id = the store's newest revision): the changes since the client's {@code
 *       Last-Event-ID} cannot be replayed (too old, or the folder was restored), so the client
 *       should reload what it shows; the stream goes on from that revision;
 *   <li>a comment line now and then (heartbeat).
 * </ul>
 */
final class StreamMessage {

  /** How long a browser waits before reconnecting a dropped stream. */
  static final long RECONNECT_MILLIS = 1000;

  private static final JsonMapper JSON =
      TrackerJson.mapper().rebuild().addMixIn(JournalEntry.class, ChangeView.class).build();

  /** The journal entry as the stream shows it: "revision" for "rev", no delta, no schema. */
  @SuppressWarnings("unused") // read by Jackson through the mix-in
  private abstract static class ChangeView {
    @JsonProperty("revision")
    abstract long rev();

    @JsonIgnore
    abstract StateDelta delta();

    @JsonIgnore
    abstract int schemaVersion();
  }

  static final StreamMessage HEARTBEAT = new StreamMessage("heartbeat", -1, "");

  private final String event;
  private final long revision;
  private final String data;
  private volatile @Nullable Set<DataWithMediaType> sse;

  private StreamMessage(String event, long revision, String data) {
    this.event = event;
    this.revision = revision;
    this.data = data;
  }

  static StreamMessage change(JournalEntry entry) {
    return new StreamMessage("change", entry.rev(), JSON.writeValueAsString(entry));
  }

  static StreamMessage ready(long revision) {
    return new StreamMessage("ready", revision, json(Map.of("revision", revision)));
  }

  static StreamMessage reset(long revision, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("revision", revision);
    body.put("reason", reason);
    return new StreamMessage("reset", revision, json(body));
  }

  private static String json(Map<String, Object> body) {
    return JSON.writeValueAsString(body);
  }

  /** {@code change}, {@code ready}, {@code reset} or {@code heartbeat}. */
  String event() {
    return event;
  }

  /** The event id: the revision it stands for (-1 for a heartbeat). */
  long revision() {
    return revision;
  }

  /** The JSON data line (empty for a heartbeat). */
  String data() {
    return data;
  }

  /** The bytes of the message in the text/event-stream format, built once. */
  Set<DataWithMediaType> sse() {
    Set<DataWithMediaType> built = sse;
    if (built == null) {
      SseEmitter.SseEventBuilder builder =
          event.equals("heartbeat")
              ? SseEmitter.event().comment("heartbeat")
              : SseEmitter.event().id(Long.toString(revision)).name(event).data(data);
      if (event.equals("ready") || event.equals("reset")) {
        builder.reconnectTime(RECONNECT_MILLIS);
      }
      built = Collections.unmodifiableSet(builder.build()); // keeps the order of the parts
      sse = built;
    }
    return built;
  }

  @Override
  public String toString() {
    return event + " " + revision;
  }
}
