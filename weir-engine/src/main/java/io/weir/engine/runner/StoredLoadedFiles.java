package io.weir.engine.runner;

import static java.util.Objects.requireNonNull;

import io.weir.core.task.LoadedFile;
import io.weir.core.task.LoadedFiles;
import io.weir.store.MetadataStore;
import java.util.List;
import java.util.Map;

/** The ledger of loaded files in the metadata database, each call its own transaction. */
public final class StoredLoadedFiles implements LoadedFiles {
    private final MetadataStore store;

    public StoredLoadedFiles(MetadataStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public Map<String, LoadedFile> list(String ledger) {
        return store.inTransaction(session -> session.loadedFiles().list(ledger));
    }

    @Override
    public void record(LoadedFile file) {
        store.useTransaction(session -> session.loadedFiles().record(file));
    }

    @Override
    public void recordAll(List<LoadedFile> files) {
        if (!files.isEmpty()) {
            store.useTransaction(session -> files.forEach(session.loadedFiles()::record));
        }
    }
}
