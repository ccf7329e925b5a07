/**
 * Running a project's nodes: selecting them as {@code --select}/{@code --exclude} say, executing them in dependency
 * order on a pool of workers, and reporting each node's outcome on the console.
 */
package io.weir.transform.run;
