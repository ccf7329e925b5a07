package io.weir.store;

import java.time.Instant;

/** A DAG file that does not parse or validate: where and why. */
public record ImportErrorRecord(String file, int line, int column, String message, Instant timestamp) {}
