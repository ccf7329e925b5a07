/**
 * dbt packages: reading {@code packages.yml} / {@code dependencies.yml}, installing local, git and hub packages into
 * {@code dbt_packages/} with a {@code package-lock.yml} ({@code weir transform deps}), and finding installed ones.
 */
package io.weir.transform.deps;
