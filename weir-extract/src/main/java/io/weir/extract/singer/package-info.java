/**
 * {@code extract.singer}: runs a Singer tap, loads each stream of its SCHEMA and RECORD messages into RAW, and keeps
 * its last STATE once the records before it are committed.
 */
package io.weir.extract.singer;
