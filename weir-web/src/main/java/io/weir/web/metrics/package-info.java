/** Prometheus metrics at {@code /metrics}: counted from the scheduler's events, and XCom values as gauges. */
package io.weir.web.metrics;
