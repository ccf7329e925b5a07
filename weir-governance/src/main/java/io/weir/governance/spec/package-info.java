/** The permission spec in permifrost's format: its model and a reader that names file and line for every mistake. */
package io.weir.governance.spec;
