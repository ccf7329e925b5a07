package io.weir.core.task;

import java.util.List;
import java.util.Map;

/**
 * The ledger of the files extracts loaded, kept in the metadata database, so that a rerun, a retry or another
 * process knows which files are loaded and with which content.
 */
public interface LoadedFiles {

    /** The files recorded under {@code ledger}, by name. */
    Map<String, LoadedFile> list(String ledger);

    /** Records {@code file}, replacing an earlier record of the same ledger and name. */
    void record(LoadedFile file);

    /** Records each of {@code files}, at once where the ledger can. */
    default void recordAll(List<LoadedFile> files) {
        files.forEach(this::record);
    }
}
