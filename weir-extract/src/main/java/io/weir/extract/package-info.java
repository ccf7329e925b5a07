/**
 * Extract task types: each reads a source (a database table through a manifest, and later files, APIs and Singer
 * taps) and lands its rows in the warehouse's RAW database through weir-warehouse's loading path.
 */
package io.weir.extract;
