/**
 * Weir's core: the DAG model, DAG file parsing and validation, schedules and data intervals, task-state rules,
 * templating and the task-type SPI. Pure logic: no database, no HTTP.
 */
package io.weir.core;
