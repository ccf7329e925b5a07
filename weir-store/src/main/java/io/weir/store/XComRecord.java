package io.weir.store;

import java.time.Instant;

/** A small JSON value a task returned; its result is key {@code return_value}. */
public record XComRecord(String dagId, String runId, String taskId, String key, String valueJson, Instant timestamp) {}
