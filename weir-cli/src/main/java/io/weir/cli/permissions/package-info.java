/** {@code weir permissions}: check a permission spec, apply it to the warehouse, snapshot its roles. */
package io.weir.cli.permissions;
