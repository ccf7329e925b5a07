package io.weir.store;

import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A second Weir process for {@link MetadataStoreTest}: opens the project's store, writes a variable and a run, then
 * exits cleanly ("exit") or dies without closing anything ("halt", as a killed process would). With "serve" it holds
 * the store open (serving it to other processes) until a file {@code die} appears in the folder, then dies so. A
 * fourth argument is the JDBC URL to open instead of the project's default.
 */
public final class StoreChildProcess {
    private StoreChildProcess() {}

    public static void main(String[] args) throws Exception {
        Path weirDir = Path.of(args[0]);
        Map<String, String> env = args.length > 3 ? Map.of(StoreSettings.DB_URL, args[3]) : Map.of();
        MetadataStore store = MetadataStore.open(StoreSettings.forProject(weirDir, env));
        store.ensureMigrated();
        if (args[1].equals("serve")) {
            java.nio.file.Files.writeString(weirDir.resolve("ready"), "");
            while (!java.nio.file.Files.exists(weirDir.resolve("die"))) {
                Thread.sleep(10);
            }
            Runtime.getRuntime().halt(0);
        }
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
