/**
 * dbt's Jinja on Jinjava: the functions and objects a dbt model sees ({@code ref}, {@code source}, {@code config},
 * {@code var}, {@code adapter}, {@code run_query}, ...), macros that {@code return} values, and compile errors that
 * name the file and line.
 */
package io.weir.transform.jinja;
