package io.weir.engine.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLedgerTest {
    private static final Instant STARTED = Instant.parse("2024-01-01T00:00:00.120Z");

    @TempDir
    Path weirDir;

    @Test
    void aTryNameGivesBackItsIdsWhateverTheyHoldAndOlderNamesGiveNone() {
        ProcessLedger.TryRef ref =
                new ProcessLedger.TryRef("etl.v2", "manual__2024-01-01T00:00:00+00:00 a/b", "load_users", 3);
        ProcessLedger ledger = new ProcessLedger(weirDir);
        ledger.record(1, ProcessLedger.tryName(ref), 500, STARTED);
        ledger.record(1, "etl__manual__a__load__1", 501, STARTED);

        List<ProcessLedger.Entry> entries = new ProcessLedger(weirDir).entries(1);

        assertThat(entries.get(0).tryRef()).contains(ref);
        assertThat(entries.get(0).describe())
                .isEqualTo("task load_users of DAG etl.v2, run manual__2024-01-01T00:00:00+00:00 a/b, try 3");
        assertThat(entries.get(1).tryRef()).isEmpty();
        assertThat(entries.get(1).describe()).isEqualTo("etl__manual__a__load__1");
    }

    @Test
    void anotherProcessReadsTheTriesThatDidNotEnd() {
        ProcessLedger ledger = new ProcessLedger(weirDir);
        ProcessLedger.Recorded first = ledger.record(7, "etl__manual__a__extract__1", 101, STARTED);
        ledger.record(7, "etl__manual__a__load__1", 102, null);
        ledger.record(8, "other__manual__a__t__1", 103, STARTED);
        ledger.forget(first);

        // As the next scheduler sees it after a crash: a fresh ledger over the same folder.
        ProcessLedger afterCrash = new ProcessLedger(weirDir);
        assertThat(afterCrash.entries(7))
                .containsExactly(new ProcessLedger.Entry(102, null, "etl__manual__a__load__1"));
        assertThat(afterCrash.entries(8)).extracting(ProcessLedger.Entry::pid).containsExactly(103L);
        assertThat(afterCrash.entries(9)).isEmpty();

        afterCrash.forgetJob(7);
        assertThat(afterCrash.entries(7)).isEmpty();
        assertThat(afterCrash.entries(8)).hasSize(1);
    }

    @Test
    void aLineCutShortByACrashIsIgnored() throws Exception {
        ProcessLedger ledger = new ProcessLedger(weirDir);
        ProcessLedger.Recorded recorded = ledger.record(3, "d__r__t__1", 200, STARTED);
        Path journal = weirDir.resolve("pids/job-3.pids");
        // The end of the try was being written when the process died.
        Files.writeString(journal, "- 200 2024-01-01T00:00:00.1", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(new ProcessLedger(weirDir).entries(3)).containsExactly(recorded.entry());
    }

    @Test
    void aLongJournalIsCompactedToTheTriesStillRunning() throws Exception {
        ProcessLedger ledger = new ProcessLedger(weirDir);
        ProcessLedger.Recorded stillRunning = ledger.record(5, "long__r__t__1", 1, STARTED);
        List<ProcessLedger.Recorded> ended = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ended.add(ledger.record(5, "dag__run__task_" + i + "__1", 1000 + i, STARTED));
            ledger.forget(ended.get(ended.size() - 1));
        }
        Path journal = weirDir.resolve("pids/job-5.pids");

        assertThat(Files.size(journal)).isLessThanOrEqualTo(ProcessLedger.COMPACT_AFTER_BYTES);
        assertThat(new ProcessLedger(weirDir).entries(5)).containsExactly(stillRunning.entry());
        assertThat(Files.list(journal.getParent())).containsExactly(journal);
    }

    @Test
    void whatAnEarlierVersionRecordedIsReadAndForgottenToo() throws Exception {
        // One file per try, as schedulers of an earlier Weir version left them.
        Path legacy = Files.createDirectories(weirDir.resolve("pids/job-6"));
        Files.writeString(legacy.resolve("etl__manual__a__extract__1.pid"), "401\n" + STARTED + "\netl__extract\n");
        ProcessLedger ledger = new ProcessLedger(weirDir);
        ledger.record(6, "etl__manual__a__load__1", 402, STARTED);

        assertThat(new ProcessLedger(weirDir).entries(6))
                .extracting(ProcessLedger.Entry::pid)
                .containsExactlyInAnyOrder(401L, 402L);

        ledger.forgetJob(6);
        assertThat(new ProcessLedger(weirDir).entries(6)).isEmpty();
        assertThat(weirDir.resolve("pids")).isEmptyDirectory();
    }

    @Test
    void aProcessIdReusedByALaterTryIsTrackedPerTry() {
        ProcessLedger ledger = new ProcessLedger(weirDir);
        ProcessLedger.Recorded early = ledger.record(4, "d__r__a__1", 300, STARTED);
        ProcessLedger.Recorded later = ledger.record(4, "d__r__b__1", 300, STARTED.plusSeconds(60));
        ledger.forget(early);

        assertThat(new ProcessLedger(weirDir).entries(4)).containsExactly(later.entry());
    }
}
