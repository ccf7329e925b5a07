package io.weir.transform.deps;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;

/**
 * One version of a hub package as the hub's API describes it.
 *
 * @param name the hub name, such as {@code dbt-labs/dbt_utils}
 * @param tarball where its files are, a gzipped tar archive
 * @param dependencies the hub packages this version needs, with their ranges
 */
record HubRelease(String name, SemanticVersion version, URI tarball, List<PackageSpec.Hub> dependencies) {
    HubRelease {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(tarball, "tarball is null");
        dependencies = List.copyOf(dependencies);
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
