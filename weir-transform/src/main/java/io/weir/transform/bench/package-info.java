/** {@code weir bench transform}: parse and compile time of a large project, and run time beside the SQL floor. */
package io.weir.transform.bench;
