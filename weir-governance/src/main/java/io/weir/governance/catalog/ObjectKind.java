package io.weir.governance.catalog;

/** The kinds of object privileges are granted on; {@code DEFAULT_TABLES} are the default privileges of new tables. */
public enum ObjectKind {
    DATABASE,
    SCHEMA,
    TABLE,
    DEFAULT_TABLES
}
