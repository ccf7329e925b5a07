package io.weir.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.store.testing.TestStores;
import org.junit.jupiter.api.BeforeAll;

class PostgresMetadataStoreIT extends MetadataStoreContract {

    @BeforeAll
    void requirePostgres() {
        assumeTrue(TestStores.postgresAvailable(), "no PostgreSQL at " + TestStores.postgresUrl());
    }

    @Override
    protected MetadataStore createStore() {
        return TestStores.postgres();
    }

    @Override
    protected MetadataStore createStoreWithOtherKey(MetadataStore store) {
        StoreSettings settings = store.settings();
        return MetadataStore.open(new StoreSettings(
                settings.jdbcUrl(), settings.user(), settings.password(), settings.secretKeyFile(), "another key"));
    }
}
