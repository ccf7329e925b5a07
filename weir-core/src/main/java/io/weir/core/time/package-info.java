/** Durations and dates as users write them and as Weir prints them. */
package io.weir.core.time;
