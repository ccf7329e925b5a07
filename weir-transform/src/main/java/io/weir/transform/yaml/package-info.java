/**
 * Reading a dbt project's YAML files ({@code dbt_project.yml}, properties, {@code packages.yml}, {@code profiles.yml})
 * into plain maps and lists, with errors that name the file and line.
 */
package io.weir.transform.yaml;
