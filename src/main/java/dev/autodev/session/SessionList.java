package dev.autodev.session;

import dev.autodev.tracker.SessionRecord;
import java.util.List;

/** Ended sessions, newest first: {@code session list --json} and GET /api/sessions. */
public record SessionList(List<SessionRecord> sessions, int count) {

  static SessionList of(List<SessionRecord> sessions) {
    return new SessionList(List.copyOf(sessions), sessions.size());
  }
}
