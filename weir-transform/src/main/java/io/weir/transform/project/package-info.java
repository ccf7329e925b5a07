/** A dbt project read from disk: its settings, nodes, sources and macros, and the config each node ends up with. */
package io.weir.transform.project;
