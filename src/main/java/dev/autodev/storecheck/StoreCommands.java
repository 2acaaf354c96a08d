package dev.autodev.storecheck;

import dev.autodev.tracker.StoreCheck;
import dev.autodev.tracker.StoreFinding;
import dev.autodev.tracker.StoreRepair;
import dev.autodev.tracker.StoreReport;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code store verify}, {@code store repair}, {@code store backup} and {@code store restore}. Each
 * writes to the command's own writer; with {@code --json} it prints one JSON document, the shape
 * {@code /api/store} returns. A store left with problems makes the command exit with status 1.
 */
@Component
class StoreCommands {

  private static final String GROUP = "Store";

  private final StoreCheck check;
  private final StoreRepair repair;
  private final StoreBackups backups;
  private final JsonMapper json;

  StoreCommands(StoreCheck check, StoreRepair repair, StoreBackups backups, JsonMapper json) {
    this.check = check;
    this.repair = repair;
    this.backups = backups;
    this.json = json;
  }

  @Command(
      name = {"store", "verify"},
      description = "Check every file of the store, read-only",
      group = GROUP,
      help =
          """
          store verify [--json]
            Reads every file under tasks/ and changes nothing: each file parses and has a
            schema_version this auto-dev knows, current.json, memory.json, journal and history
            lines pass their checksums, revisions agree between the journal, current.json and
            history, no task is both open and finished, every dependency points at a known
            task, index.json is intact, and no finished task that index.json, a sidecar or
            current.json knows of is lost (each lost one is named). It also says what the
            automatic recovery at the next start would do. Works on a store this user cannot
            write. Exit status 0 when clean, 1 when there are problems (run 'store repair').""")
  public void verify(
      CommandContext ctx, @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    StoreReport report = check.verify();
    PrintWriter out = ctx.outputWriter();
    if (asJson) {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    } else {
      print(out, report);
    }
    if (!report.clean()) {
      throw new StoreNotCleanException(
          report.problems().size()
              + (report.problems().size() == 1 ? " problem" : " problems")
              + " found; run 'store repair --dry-run' to see the fixes");
    }
  }

  static void print(PrintWriter out, StoreReport report) {
    for (StoreFinding p : report.problems()) {
      out.println("PROBLEM  " + p.file() + ": " + p.problem());
      out.println("         means: " + p.meaning());
      out.println(
          "         repair: " + (p.repair() == null ? "none — refused as it is" : p.repair()));
    }
    for (StoreFinding n : report.notes()) {
      out.println("note     " + n.file() + ": " + n.problem() + " (" + n.meaning() + ")");
    }
    if (!report.recovery().isEmpty()) {
      out.println("The automatic recovery at the next start would (verify changed nothing):");
      for (String r : report.recovery()) {
        out.println("  - " + r);
      }
    }
    out.println(
        (report.clean()
                ? "Store is clean"
                : "Store has "
                    + report.problems().size()
                    + " problem"
                    + (report.problems().size() == 1 ? "" : "s"))
            + ": revision "
            + report.revision()
            + ", "
            + count(report.openTasks(), "open task")
            + ", "
            + count(report.archivedRecords(), "history record")
            + ", "
            + count(report.journalEntries(), "journal entry", "journal entries")
            + ".");
  }

  private static String count(long n, String one) {
    return count(n, one, one + "s");
  }

  private static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  @Command(
      name = {"store", "repair"},
      description = "Fix what store verify finds; replaced files go to quarantine/",
      group = GROUP,
      help =
          """
          store repair [--dry-run] [--json]
            Restores current.json from its backup and the journal, rebuilds the snapshots,
            rewrites a journal without its damaged lines, keeps the readable records of a
            damaged history segment and re-archives lost ones from the journal, rebuilds
            history/index.json, drops open copies of finished tasks and dependencies on
            unknown tasks, restores memory.json from its mirror. It never deletes: every file
            it replaces is first copied to tasks/quarantine/<time>-repair/. Finished tasks no
            file holds any more are listed under Lost (and in the journal), and the repair
            exits 1. Files written by a newer auto-dev are refused and nothing changes.
            --dry-run prints the plan only.""")
  public void repair(
      CommandContext ctx,
      @Option(longName = "dry-run", defaultValue = "false") Boolean dryRun,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    StoreRepair.Report r = repair.repair(dryRun);
    PrintWriter out = ctx.outputWriter();
    if (asJson) {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(r));
    } else {
      print(out, r);
    }
    if (r.refused()) {
      throw new StoreNotCleanException(
          "repair refused: some problems have no safe fix (see above); nothing was changed");
    }
    if (!r.dryRun() && !r.clean()) {
      throw new StoreNotCleanException("problems remain after the repair (see above)");
    }
    if (!r.dryRun() && !r.lost().isEmpty()) {
      throw new StoreNotCleanException(
          "the store is consistent again, but finished tasks were lost (see above)");
    }
  }

  static void print(PrintWriter out, StoreRepair.Report r) {
    if (r.before().clean()) {
      out.println("Store is clean; nothing to repair.");
      return;
    }
    if (r.dryRun()) {
      out.println("Would do (dry run, nothing changed):");
    } else if (!r.refused()) {
      out.println("Done:");
    }
    for (String a : r.actions()) {
      out.println("  - " + a);
    }
    if (!r.notSaved().isEmpty()) {
      out.println(r.refused() ? "Cannot repair:" : "Could not be saved:");
      for (String n : r.notSaved()) {
        out.println("  - " + n);
      }
    }
    if (!r.lost().isEmpty()) {
      out.println(
          r.dryRun() || r.refused()
              ? "Lost (no file holds them any more):"
              : "Lost (no file holds them any more; listed in the journal's store_recovered entry):");
      for (String n : r.lost()) {
        out.println("  - " + n);
      }
    }
    if (r.quarantine() != null) {
      out.println("Copies of every replaced file: " + r.quarantine());
    }
    if (r.after() != null && !r.refused()) {
      if (!r.after().clean()) {
        out.println("Problems remain; see above.");
      } else if (!r.lost().isEmpty()) {
        out.println("Store is consistent now, but the finished tasks listed under Lost are gone.");
      } else {
        out.println("Store is clean now.");
      }
    }
  }

  @Command(
      name = {"store", "backup"},
      description = "Copy the whole store, consistently, while others keep working",
      group = GROUP,
      help =
          """
          store backup [--to DIR] [--json]
            Copies tasks/ (without quarantine/, lock and temp files) under the store lock, with
            a backup.json manifest of sizes and checksums. DIR must be new or empty; default
            <autodev.home>/backups/<time>. Restore it with 'store restore DIR'.""")
  public void backup(
      CommandContext ctx,
      @Option(longName = "to") @Nullable String to,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    StoreBackups.Result r = backups.backup(to);
    PrintWriter out = ctx.outputWriter();
    if (asJson) {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(r));
      return;
    }
    out.println("Backed up " + r.files() + " files (" + r.bytes() + " bytes) to " + r.folder());
  }

  @Command(
      name = {"store", "restore"},
      description = "Put a backup back; the files it replaces go to quarantine/",
      group = GROUP,
      help =
          """
          store restore DIR [--json]
            Checks the backup first (manifest sizes and checksums, then a full store verify of
            the copy) and restores nothing if it fails. Then, under the store lock, moves the
            current files to tasks/quarantine/<time>-restore/ and copies the backup in.""")
  public void restore(
      CommandContext ctx,
      @Argument(index = 0, description = "backup folder") String dir,
      @Option(longName = "json", defaultValue = "false") Boolean asJson) {
    StoreBackups.Result r = backups.restore(dir);
    PrintWriter out = ctx.outputWriter();
    if (asJson) {
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(r));
      return;
    }
    out.println(
        "Restored "
            + r.files()
            + " files from "
            + r.folder()
            + "; the files they replaced are in "
            + r.quarantine());
  }
}
