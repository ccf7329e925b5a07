/**
 * The {@code weir} command line: picocli commands over the engine's {@code Weir} facade, and the runnable jar.
 * Every failure a user causes ends as one {@code error:} line on stderr and exit status 1.
 */
package io.weir.cli;
