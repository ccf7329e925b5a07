/**
 * Weir's HTTP server: the web UI, the Airflow-compatible REST API under {@code /api/v1}, sign-in and the audit log.
 * It reads through the store's repositories and acts only through the engine's operations, as the CLI does.
 */
package io.weir.web;
