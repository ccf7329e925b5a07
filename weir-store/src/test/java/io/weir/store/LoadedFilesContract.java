package io.weir.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.task.LoadedFile;
import io.weir.store.testing.TestStores;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The ledger of loaded files (migration V4), the same on every backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LoadedFilesContract {
    private static final Instant T0 = Instant.parse("2024-03-01T12:00:00.123456Z");

    private MetadataStore store;

    protected abstract MetadataStore createStore();

    private MetadataStore store() {
        if (store == null) {
            store = createStore();
        }
        return store;
    }

    @BeforeEach
    void resetDatabase() {
        TestStores.reset(store());
    }

    @AfterAll
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private java.util.Map<String, LoadedFile> list(String ledger) {
        return store().inTransaction(session -> session.loadedFiles().list(ledger));
    }

    @Test
    void aRecordedFileIsListedUnderItsLedgerOnly() {
        LoadedFile events = new LoadedFile("raw.sheetload.events", "2024/01/a.csv", 120, "\"e1\"", null, T0, 3, "r1");
        LoadedFile quotas =
                new LoadedFile("raw.sheetload.quotas", "quotas.csv", 80, null, "ab".repeat(32), T0, 2, "r1");
        store().useTransaction(session -> {
            session.loadedFiles().record(events);
            session.loadedFiles().record(quotas);
        });

        assertThat(list("raw.sheetload.events"))
                .containsOnlyKeys("2024/01/a.csv")
                .containsEntry("2024/01/a.csv", events);
        assertThat(list("raw.sheetload.none")).isEmpty();
    }

    @Test
    void recordingAFileAgainReplacesItsRow() {
        store().useTransaction(session -> session.loadedFiles()
                .record(new LoadedFile("raw.sheetload.quotas", "quotas.csv", 80, null, "a".repeat(64), T0, 2, "r1")));
        LoadedFile changed = new LoadedFile(
                "raw.sheetload.quotas", "quotas.csv", 95, null, "b".repeat(64), T0.plusSeconds(60), 3, "r2");
        store().useTransaction(session -> session.loadedFiles().record(changed));

        assertThat(list("raw.sheetload.quotas")).containsExactlyEntriesOf(java.util.Map.of("quotas.csv", changed));
    }
}
