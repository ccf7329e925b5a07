/** The permission benchmark: a generated spec of many roles and tables applied to PostgreSQL beside a floor. */
package io.weir.governance.bench;
