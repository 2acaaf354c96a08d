package dev.autodev.tracker;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How history segments are cut, documented with the same default in the top-level application.yml
 * ({@code autodev.history.segment-max-size}).
 *
 * @param segmentMaxSize a segment that reached this size is closed, and the month continues in a
 *     new part ({@code 2026-01.1.jsonl}); closed segments can be compressed
 */
@Validated
@ConfigurationProperties(prefix = "autodev.history")
public record ArchiveProperties(@NotNull @DefaultValue("16MB") DataSize segmentMaxSize) {}
