package io.weir.governance.spec;

/** {@code read} or {@code write}, as a spec's privileges say; write includes read. */
public enum Access {
    READ,
    WRITE;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
