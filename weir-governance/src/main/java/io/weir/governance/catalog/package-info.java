/** What a PostgreSQL warehouse holds now: its roles, memberships, owners and grants, read in a few catalog queries. */
package io.weir.governance.catalog;
