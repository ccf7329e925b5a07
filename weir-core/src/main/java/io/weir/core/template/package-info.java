/** Jinja templating of task parameters with Airflow's context names. */
package io.weir.core.template;
