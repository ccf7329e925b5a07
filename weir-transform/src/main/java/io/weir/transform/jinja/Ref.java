package io.weir.transform.jinja;

import static java.util.Objects.requireNonNull;

/** A {@code ref('name')} or {@code ref('package', 'name')} call found in a node. */
public record Ref(String packageName, String name) {
    public Ref {
        requireNonNull(name, "name is null");
    }

    @Override
    public String toString() {
        return packageName == null ? "ref('" + name + "')" : "ref('" + packageName + "', '" + name + "')";
    }
}
