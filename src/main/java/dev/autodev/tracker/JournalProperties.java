package dev.autodev.tracker;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * When journal.jsonl rotates into history, documented with the same default in the top-level
 * application.yml ({@code autodev.journal.rotate-size}).
 *
 * @param rotateSize once journal.jsonl is larger than this, the entries current.json and its backup
 *     already hold move to {@code history/journal-<first>-<last>.jsonl.gz}
 */
@Validated
@ConfigurationProperties(prefix = "autodev.journal")
public record JournalProperties(@NotNull @DefaultValue("4MB") DataSize rotateSize) {}
