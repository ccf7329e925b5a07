/** Schedules: cron expressions and presets as timetables of data intervals, evaluated in a DAG's timezone. */
package io.weir.core.schedule;
