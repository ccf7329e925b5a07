/** The task-type SPI: what a plugin implements and what it is given for one try. */
package io.weir.core.task;
