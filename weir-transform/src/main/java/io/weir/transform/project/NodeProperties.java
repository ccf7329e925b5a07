package io.weir.transform.project;

import java.util.List;
import java.util.Map;

/**
 * What a properties file says about one model, seed, snapshot or analysis.
 *
 * @param file the properties file, relative to the project
 * @param tests the node's generic tests, each with its column (null for a test of the whole node)
 */
record NodeProperties(
        ResourceType type,
        String name,
        String file,
        String description,
        Map<String, ColumnSpec> columns,
        Map<String, Object> config,
        List<TestDefinition> tests) {}
