/** The load benchmark: extracts of a generated source table beside the source's and the warehouse's own floors. */
package io.weir.extract.bench;
