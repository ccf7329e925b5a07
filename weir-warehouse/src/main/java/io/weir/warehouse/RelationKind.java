package io.weir.warehouse;

/** What a relation that exists is. */
public enum RelationKind {
    TABLE,
    VIEW
}
