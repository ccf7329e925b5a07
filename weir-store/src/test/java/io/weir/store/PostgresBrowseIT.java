package io.weir.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.store.testing.TestStores;
import org.junit.jupiter.api.BeforeAll;

class PostgresBrowseIT extends BrowseContract {
    @BeforeAll
    void requirePostgres() {
        assumeTrue(TestStores.postgresAvailable(), "no PostgreSQL at " + TestStores.postgresUrl());
    }

    @Override
    protected MetadataStore createStore() {
        return TestStores.postgres();
    }
}
