package dev.autodev.tracker;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** An id prefix that matches more than one task. */
public class AmbiguousTaskIdException extends TrackerException {
  private static final long serialVersionUID = 1L;

  public AmbiguousTaskIdException(String prefix, List<UUID> matches) {
    super(
        "id prefix '"
            + prefix
            + "' matches "
            + matches.size()
            + " tasks ("
            + matches.stream().limit(5).map(UUID::toString).collect(Collectors.joining(", "))
            + (matches.size() > 5 ? ", …" : "")
            + "); give more characters");
  }

  @Override
  public Kind kind() {
    return Kind.BAD_INPUT;
  }
}
