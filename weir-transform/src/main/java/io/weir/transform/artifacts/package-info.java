/**
 * The files a run leaves in the target folder for other tools: {@code run_results.json}, {@code catalog.json} and
 * the self-contained documentation page.
 */
package io.weir.transform.artifacts;
