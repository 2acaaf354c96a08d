package dev.autodev.tracker;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The subtask hierarchy with statuses: the open tasks and the tasks finished in this session, each
 * under its parent. The document of {@code task tree --json} and GET /api/tasks/tree.
 *
 * @param count how many tasks the tree shows
 */
public record TaskTree(List<Node> roots, int count) {

  public TaskTree {
    roots = List.copyOf(roots);
  }

  /**
   * One task in the tree.
   *
   * @param parentId its parent; on a root, a parent the tree does not show (archived earlier)
   * @param current whether it is the current task
   * @param blocked whether it waits on a task not yet completed
   */
  public record Node(
      UUID id,
      String name,
      TaskStatus status,
      Priority priority,
      @Nullable UUID parentId,
      boolean current,
      boolean blocked,
      List<Node> children) {
    public Node {
      children = List.copyOf(children);
    }
  }
}
