/** {@code profiles.yml}: which warehouse, as whom, a dbt project runs against. */
package io.weir.transform.profile;
