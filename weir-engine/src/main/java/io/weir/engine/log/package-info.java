/** Task logs: one file per try, secrets masked, and retention so they never fill a disk. */
package io.weir.engine.log;
