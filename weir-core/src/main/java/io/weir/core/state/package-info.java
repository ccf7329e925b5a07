/**
 * Task and run states and the pure rules that move them: trigger rules, retry timing, depends_on_past and how a
 * DAG run is decided. No I/O; the scheduler applies the decisions in one transaction.
 */
package io.weir.core.state;
