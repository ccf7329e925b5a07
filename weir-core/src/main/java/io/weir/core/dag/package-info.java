/** DAG files: parsing and validating them into {@link io.weir.core.dag.Dag}s, with positioned errors. */
package io.weir.core.dag;
