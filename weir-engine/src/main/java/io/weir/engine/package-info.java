/**
 * Weir's engine: the scheduler loop, the local executor and task runner, logs, secrets, crash recovery, and the
 * operations the CLI offers (trigger, backfill, test, run, clear, mark).
 */
package io.weir.engine;
