package io.weir.store;

import io.weir.core.task.LoadedFile;
import java.util.Map;

/** The ledger of files extracts loaded ({@code extract_file}). */
public interface LoadedFileRepository {

    /** The files of {@code ledger}, by name. */
    Map<String, LoadedFile> list(String ledger);

    /** Records {@code file}, replacing the row of the same ledger and name. */
    void record(LoadedFile file);
}
