package io.weir.governance.spec;

/** The kinds of object a spec grants on or owns: the keys under {@code privileges} and {@code owns}. */
public enum Level {
    DATABASES(1),
    SCHEMAS(2),
    TABLES(3);

    private final int parts;

    Level(int parts) {
        this.parts = parts;
    }

    /** How many dot-separated parts a name at this level has ({@code raw}, {@code raw.x}, {@code raw.x.y}). */
    public int parts() {
        return parts;
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
