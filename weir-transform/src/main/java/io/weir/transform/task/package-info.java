/** The {@code transform.*} task types: a step of a dbt project as a task of a DAG. */
package io.weir.transform.task;
