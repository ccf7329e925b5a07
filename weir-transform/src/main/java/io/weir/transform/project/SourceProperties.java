package io.weir.transform.project;

import java.util.List;

/** A source table from a properties file together with its generic tests. */
record SourceProperties(SourceTable table, List<TestDefinition> tests) {}
