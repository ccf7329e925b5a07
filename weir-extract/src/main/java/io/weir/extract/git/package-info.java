/** {@code extract.git}: the commits of a git repository, with their changed files and lines, merged by sha. */
package io.weir.extract.git;
