package io.weir.warehouse.load;

import java.util.Locale;

/** How loaded rows meet the rows already in a table. */
public enum LoadMode {
    /** Added to the table. */
    APPEND,
    /** Loaded into a new table that takes the old one's place in one transaction. */
    REPLACE,
    /** Rows whose key is already in the table replace those rows; the others are added. */
    MERGE;

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
