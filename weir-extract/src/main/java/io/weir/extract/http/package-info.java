/**
 * {@code extract.http}: JSON APIs described in a YAML file per source, paged and retried, each object landed in
 * {@code raw.<source>.<object>} once its integrity checks pass.
 */
package io.weir.extract.http;
