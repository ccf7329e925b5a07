package io.weir.store;

/** A variable with its value decrypted. */
public record VariableRecord(String key, String value, String description) {}
