/**
 * Governance: the permission bot that makes the warehouse's roles, memberships and grants match a permifrost spec,
 * and the roles snapshot that records who could read what into {@code raw.snapshots}.
 */
package io.weir.governance;
