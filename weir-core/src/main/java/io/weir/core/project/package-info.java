/** A project's settings file, {@code weir.yaml}. */
package io.weir.core.project;
