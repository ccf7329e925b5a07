package io.weir.store;

import io.weir.store.testing.TestStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class H2BrowseTest extends BrowseContract {
    @Override
    protected MetadataStore createStore() {
        try {
            return TestStores.h2(Files.createTempDirectory("weir-h2-browse-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
