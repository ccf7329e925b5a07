package io.weir.transform.project;

/**
 * One entry of a {@code tests:} (or {@code data_tests:}) list in a properties file, as written: a test name, or a
 * mapping of the name to its arguments and config.
 *
 * @param columnName the column whose {@code tests:} it is in, or null for a node-level test
 */
record TestDefinition(Object definition, String columnName) {}
