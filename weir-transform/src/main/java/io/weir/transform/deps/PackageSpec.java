package io.weir.transform.deps;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/** One entry of a project's {@code packages.yml}: where a package comes from. */
public sealed interface PackageSpec {

    /** How the entry reads, for messages: {@code git: https://...@1.1.1}. */
    String declared();

    /** The namespace the package's macros most likely get (its project name), before it is installed. */
    String likelyName();

    /** A package in a folder, relative to the project that lists it. */
    record Local(String path) implements PackageSpec {
        public Local {
            requireNonNull(path, "path is null");
        }

        @Override
        public String declared() {
            return "local: " + path;
        }

        @Override
        public String likelyName() {
            return nameOf(path);
        }
    }

    /**
     * A package in a git repository.
     *
     * @param revision a tag, branch or commit, or null for the default branch
     * @param subdirectory the package's folder inside the repository, or null for its root
     * @param warnUnpinned whether an unpinned revision gets a warning (dbt's {@code warn-unpinned}, default true)
     */
    record Git(String url, String revision, String subdirectory, boolean warnUnpinned) implements PackageSpec {
        public Git {
            requireNonNull(url, "url is null");
        }

        @Override
        public String declared() {
            return "git: " + url + (revision == null ? "" : "@" + revision)
                    + (subdirectory == null ? "" : " (" + subdirectory + ")");
        }

        @Override
        public String likelyName() {
            return nameOf(subdirectory != null ? subdirectory : url.replaceAll("\\.git/?$", ""));
        }
    }

    /**
     * A package of the dbt hub, such as {@code dbt-labs/dbt_utils}, with the version ranges it must satisfy.
     *
     * @param versions ranges such as {@code >=1.0.0} and {@code <2.0.0}, or exact versions
     * @param installPrerelease whether a pre-release such as {@code 1.2.0-rc1} may be chosen (dbt's {@code
     *     install-prerelease})
     */
    record Hub(String name, List<String> versions, boolean installPrerelease) implements PackageSpec {
        public Hub {
            requireNonNull(name, "name is null");
            versions = List.copyOf(versions);
        }

        @Override
        public String declared() {
            return "package: " + name + " " + String.join(", ", versions);
        }

        @Override
        public String likelyName() {
            return nameOf(name);
        }
    }

    private static String nameOf(String path) {
        String trimmed = path.replaceAll("[/\\\\]+$", "");
        String last = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
        return last.replace('-', '_').toLowerCase(Locale.ROOT);
    }
}
