/** The task types {@code permissions.apply} and {@code permissions.snapshot}, run with the PERMISSION credentials. */
package io.weir.governance.task;
