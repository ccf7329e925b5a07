/** Records read from JSON and YAML documents as they stream, selected by a small {@code jq}-like path. */
package io.weir.extract.json;
