package io.weir.store;

import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A second Weir process for {@link MetadataStoreTest}: opens the project's store, writes a variable and a run, then
 * exits cleanly ("exit") or dies without closing anything ("halt", as a killed process would).
 */
public final class StoreChildProcess {
    private StoreChildProcess() {}

    public static void main(String[] args) {
        Path weirDir = Path.of(args[0]);
        MetadataStore store = MetadataStore.open(StoreSettings.forProject(weirDir, Map.of()));
        store.ensureMigrated();
        Instant date = Instant.parse(args[2]);
        store.useTransaction(session -> {
            session.variables().set("written_by_child", args[2], null);
            session.runs()
                    .create(new DagRunRecord(
                            0,
                            "child",
                            RunType.MANUAL.runId(date),
                            date,
                            new DataInterval(date, date),
                            RunType.MANUAL,
                            DagRunState.SUCCESS,
                            true,
                            "{}",
                            date,
                            date,
                            date,
                            null));
        });
        if (args[1].equals("halt")) {
            Runtime.getRuntime().halt(0);
        }
        store.close();
    }
}
