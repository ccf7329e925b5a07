package io.weir.governance.spec;

import java.util.ArrayList;
import java.util.List;

/** The parts of the spec that have no meaning on PostgreSQL, gathered to be reported once. */
final class SnowflakeNotes {
    final List<String> warehouses = new ArrayList<>();
    final List<String> roleWarehouses = new ArrayList<>();
    final List<String> integrations = new ArrayList<>();
    final List<String> roleIntegrations = new ArrayList<>();
    final List<String> shared = new ArrayList<>();
    final List<String> owners = new ArrayList<>();

    List<String> sentences() {
        List<String> sentences = new ArrayList<>();
        if (!warehouses.isEmpty() || !roleWarehouses.isEmpty()) {
            sentences.add("warehouses " + list(warehouses) + " and the warehouse grants of roles "
                    + list(roleWarehouses) + " are Snowflake compute, which PostgreSQL does not have");
        }
        if (!integrations.isEmpty() || !roleIntegrations.isEmpty()) {
            sentences.add("integrations " + list(integrations) + " and the integration grants of roles "
                    + list(roleIntegrations) + " are Snowflake objects, which PostgreSQL does not have");
        }
        if (!shared.isEmpty()) {
            sentences.add("shared databases " + list(shared)
                    + " are Snowflake data shares; their privileges are not applied");
        }
        if (!owners.isEmpty()) {
            sentences.add("'owner' of " + String.join(", ", owners)
                    + " names a Snowflake owning role; PostgreSQL roles have no owner (use 'owns' for objects)");
        }
        return sentences;
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "(none)" : "(" + String.join(", ", names) + ")";
    }
}
