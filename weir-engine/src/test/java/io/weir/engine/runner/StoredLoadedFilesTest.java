package io.weir.engine.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.task.LoadedFile;
import io.weir.store.MetadataStore;
import io.weir.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredLoadedFilesTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void aBatchOfFilesIsRecordedAndReplacesEarlierRecordsOfTheSameNames(@TempDir Path dir) {
        try (MetadataStore store = TestStores.h2(dir)) {
            StoredLoadedFiles ledger = new StoredLoadedFiles(store);
            ledger.record(new LoadedFile("raw.sheetload.events", "a.csv", 10, null, "a".repeat(64), T0, 1, "r1"));

            ledger.recordAll(List.of(
                    new LoadedFile("raw.sheetload.events", "a.csv", 12, null, "b".repeat(64), T0, 2, "r2"),
                    new LoadedFile("raw.sheetload.events", "b.csv", 20, null, "c".repeat(64), T0, 3, "r2")));
            ledger.recordAll(List.of());

            var files = ledger.list("raw.sheetload.events");
            assertThat(files).containsOnlyKeys("a.csv", "b.csv");
            assertThat(files.get("a.csv").rows()).isEqualTo(2);
            assertThat(files.get("b.csv").runId()).isEqualTo("r2");
        }
    }
}
