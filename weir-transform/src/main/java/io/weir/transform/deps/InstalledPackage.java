package io.weir.transform.deps;

import static java.util.Objects.requireNonNull;

/**
 * A package {@code weir transform deps} installed.
 *
 * @param name its project name, the folder it is installed in and its macros' namespace
 * @param commit the commit of a git package, else null
 */
public record InstalledPackage(String name, PackageSpec spec, String commit) {
    public InstalledPackage {
        requireNonNull(name, "name is null");
        requireNonNull(spec, "spec is null");
    }
}
