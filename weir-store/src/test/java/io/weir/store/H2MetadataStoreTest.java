package io.weir.store;

import io.weir.store.testing.TestStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

class H2MetadataStoreTest extends MetadataStoreContract {

    @Override
    protected MetadataStore createStore() {
        try {
            return TestStores.h2(Files.createTempDirectory("weir-h2-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected MetadataStore createStoreWithOtherKey(MetadataStore store) {
        StoreSettings settings = store.settings();
        Path otherKeyFile = settings.secretKeyFile().resolveSibling("other.key");
        return MetadataStore.open(
                new StoreSettings(settings.jdbcUrl(), settings.user(), settings.password(), otherKeyFile, null));
    }
}
