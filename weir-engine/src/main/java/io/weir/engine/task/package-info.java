/** The task types the engine ships: {@code command} (a program or a shell command) and {@code empty}. */
package io.weir.engine.task;
