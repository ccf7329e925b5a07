package io.weir.transform.jinja;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The installed packages' macros and how the project dispatches to them.
 *
 * @param packages each installed package with its macros, in install order
 * @param notInstalled packages the project lists but has not installed, by the namespace they would have: how each
 *     is listed
 * @param dispatchOrder the project's {@code dispatch:} search orders, by macro namespace
 */
public record PackageMacros(
        List<Installed> packages, Map<String, String> notInstalled, Map<String, List<String>> dispatchOrder) {
    public PackageMacros {
        packages = List.copyOf(packages);
        notInstalled = Map.copyOf(notInstalled);
        dispatchOrder = Map.copyOf(dispatchOrder);
    }

    public static PackageMacros none() {
        return new PackageMacros(List.of(), Map.of(), Map.of());
    }

    /**
     * One installed package.
     *
     * @param name its project name, its macros' namespace
     * @param folder its folder relative to the root project, such as {@code dbt_packages/dbt_utils}, for errors
     */
    public record Installed(String name, String folder, List<Macro> macros) {
        public Installed {
            requireNonNull(name, "name is null");
            requireNonNull(folder, "folder is null");
            macros = List.copyOf(macros);
        }
    }
}
