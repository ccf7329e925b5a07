/** {@code extract.yaml}: lists in a YAML file or URL landed as one row per item, with a JSON column. */
package io.weir.extract.yaml;
