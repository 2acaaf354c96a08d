package dev.autodev.board;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the change stream {@code /api/events}, documented with the same defaults in the
 * top-level application.yml.
 *
 * @param pollInterval how often the journal's stamp is looked at when the file system sends no
 *     change notification (a network file system, say); with notifications a change is seen at once
 * @param heartbeat how often an idle stream gets a comment line: keeps proxies from closing it and
 *     finds subscribers that went away without a word, so they are dropped
 * @param replayLimit how many revisions a reconnecting client may be behind and still get every
 *     change it missed; further behind, it gets a {@code reset} event and reloads what it shows
 * @param buffer how many changes may wait for one subscriber; one that falls further behind is
 *     disconnected (its client reconnects and resumes from the journal)
 * @param maxSubscribers how many streams may be open at once; more are refused with 503
 * @param streamTimeout how long one stream stays open; the client then reconnects and resumes
 */
@ConfigurationProperties(prefix = "autodev.events")
record EventsProperties(
    @DefaultValue("500ms") Duration pollInterval,
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("1000") int replayLimit,
    @DefaultValue("256") int buffer,
    @DefaultValue("1000") int maxSubscribers,
    @DefaultValue("30m") Duration streamTimeout) {

  EventsProperties {
    require(pollInterval, "autodev.events.poll-interval", "500ms");
    require(heartbeat, "autodev.events.heartbeat", "15s");
    require(streamTimeout, "autodev.events.stream-timeout", "30m");
    if (replayLimit < 0) {
      throw new IllegalArgumentException(
          "autodev.events.replay-limit must be 0 or more, e.g. 1000");
    }
    if (buffer < 1) {
      throw new IllegalArgumentException("autodev.events.buffer must be 1 or more, e.g. 256");
    }
    if (maxSubscribers < 1) {
      throw new IllegalArgumentException(
          "autodev.events.max-subscribers must be 1 or more, e.g. 1000");
    }
  }

  private static void require(Duration value, String name, String example) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, e.g. " + example);
    }
  }
}
