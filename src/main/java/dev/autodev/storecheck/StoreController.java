package dev.autodev.storecheck;

import dev.autodev.tracker.StoreCheck;
import dev.autodev.tracker.StoreRepair;
import dev.autodev.tracker.StoreReport;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/store}: the REST twins of {@code store verify}, {@code store repair} and {@code store
 * backup}, answering the same JSON documents as their {@code --json} output.
 */
@RestController
@RequestMapping("/api/store")
@Tag(name = "store", description = "Check, repair, compact and back up the data folder")
class StoreController {

  private final StoreCheck check;
  private final StoreRepair repair;
  private final StoreBackups backups;
  private final ApiBackupTargets targets;

  StoreController(
      StoreCheck check, StoreRepair repair, StoreBackups backups, ApiBackupTargets targets) {
    this.check = check;
    this.repair = repair;
    this.backups = backups;
    this.targets = targets;
  }

  /** The verify report; 200 whether clean or not ({@code clean} says which). */
  @GetMapping("/verify")
  StoreReport verify() {
    return check.verify();
  }

  /** Repairs (or plans with {@code dry_run=true}); 409 when it refused and changed nothing. */
  @ApiResponse(responseCode = "200", description = "repaired, or planned with dry_run=true")
  @ApiResponse(
      responseCode = "409",
      description = "repair refused and changed nothing; the report says why",
      content = @Content(schema = @Schema(implementation = StoreRepair.Report.class)))
  @PostMapping("/repair")
  ResponseEntity<StoreRepair.Report> repair(
      @RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
    StoreRepair.Report r = repair.repair(dryRun);
    return ResponseEntity.status(r.refused() ? HttpStatus.CONFLICT : HttpStatus.OK).body(r);
  }

  /**
   * Backs the store up to {@code to} (default {@code <home>/backups/<time>}), which must lie inside
   * {@code <home>/backups} or an {@code autodev.backup.allowed-roots} folder.
   */
  @ApiResponse(responseCode = "201", description = "backed up; the folder, files and bytes")
  @PostMapping("/backup")
  ResponseEntity<StoreBackups.Result> backup(
      @RequestParam(name = "to", required = false) @Nullable String to) {
    return ResponseEntity.status(HttpStatus.CREATED).body(backups.backup(targets.resolve(to)));
  }
}
