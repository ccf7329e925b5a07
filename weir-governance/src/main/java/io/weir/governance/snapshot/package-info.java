/** The roles snapshot: who could read what, appended to {@code raw.snapshots} tables each time it is taken. */
package io.weir.governance.snapshot;
