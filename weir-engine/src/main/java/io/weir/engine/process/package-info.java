/** Ending the processes a task started, whole trees at once, also after a crash. */
package io.weir.engine.process;
