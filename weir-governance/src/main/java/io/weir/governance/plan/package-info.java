/** From a spec and the warehouse's catalog to the statements that make one match the other: the permission plan. */
package io.weir.governance.plan;
