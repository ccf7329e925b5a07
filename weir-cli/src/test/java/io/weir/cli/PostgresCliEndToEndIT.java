package io.weir.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.store.testing.TestStores;
import org.junit.jupiter.api.BeforeAll;

class PostgresCliEndToEndIT extends CliEndToEndContract {
    @BeforeAll
    static void requirePostgres() {
        assumeTrue(TestStores.postgresAvailable(), "PostgreSQL is not reachable at " + TestStores.postgresUrl());
    }

    @Override
    TestProject.Backend backend() {
        return TestProject.Backend.POSTGRES;
    }
}
