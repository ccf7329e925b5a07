package io.weir.engine.dagbag;

import io.weir.core.dag.Dag;
import io.weir.core.dag.DagFileError;
import io.weir.core.dag.DagFolder;
import io.weir.core.dag.DagFolderResult;
import io.weir.store.DagRecord;
import io.weir.store.ImportErrorRecord;
import io.weir.store.MetadataStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The DAGs of a project as last read from its DAG folder. A file that stops parsing becomes an import error while
 * the last good version of its DAGs keeps running, as a data team expects when someone pushes a typo.
 */
public final class DagBag {
    private final Path projectDir;
    private final Path dagsFolder;
    private final DagFolder folder;
    private final MetadataStore store;
    private final boolean pausedAtCreation;
    private final Clock clock;
    private volatile Map<String, Dag> dags = Map.of();
    private volatile List<DagFileError> errors = List.of();
    /** False until the first refresh has compared the folder with what the metadata DB already records. */
    private boolean compared;

    public DagBag(
            Path projectDir,
            Path dagsFolder,
            DagFolder folder,
            MetadataStore store,
            boolean pausedAtCreation,
            Clock clock) {
        this.projectDir = projectDir;
        this.dagsFolder = dagsFolder;
        this.folder = folder;
        this.store = store;
        this.pausedAtCreation = pausedAtCreation;
        this.clock = clock;
    }

    /** Reads the DAG folder and records DAGs and import errors in the metadata DB. */
    public synchronized DagFolderResult refresh() {
        DagFolderResult result = folder.parse(projectDir, dagsFolder);
        Map<String, Dag> next = new HashMap<>();
        for (Dag dag : result.dags()) {
            next.put(dag.dagId(), dag);
        }
        // A DAG whose file now fails keeps its last good version.
        List<Path> brokenFiles = result.brokenFiles();
        for (Dag previous : dags.values()) {
            if (!next.containsKey(previous.dagId()) && brokenFiles.contains(previous.file())) {
                next.put(previous.dagId(), previous);
            }
        }
        Instant now = clock.instant();
        Map<String, Dag> changed = new HashMap<>();
        for (Dag dag : next.values()) {
            Dag old = dags.get(dag.dagId());
            if (old == null || !old.fingerprint().equals(dag.fingerprint())) {
                changed.put(dag.dagId(), dag);
            }
        }
        boolean dagSetChanged;
        if (compared) {
            dagSetChanged = !next.keySet().equals(dags.keySet());
        } else {
            // A process's first read of the folder writes only what differs from the metadata DB, so that a
            // command reading an unchanged project writes nothing.
            List<DagRecord> recorded =
                    store.inTransaction(session -> session.dags().list());
            Map<String, DagRecord> byId = new HashMap<>();
            for (DagRecord record : recorded) {
                byId.put(record.dagId(), record);
            }
            changed.values().removeIf(dag -> sameAsRecorded(dag, byId.get(dag.dagId())));
            dagSetChanged = recorded.stream().anyMatch(record -> record.active() && !next.containsKey(record.dagId()));
            compared = true;
        }
        boolean errorsChanged = !result.errors().equals(errors);
        if (!changed.isEmpty() || dagSetChanged || errorsChanged) {
            store.useTransaction(session -> {
                for (Dag dag : changed.values()) {
                    session.dags().upsert(toRecord(dag, now), pausedAtCreation);
                }
                if (dagSetChanged) {
                    // A DAG whose file is broken right now stays active: its last good version may still run.
                    Set<String> keep = new HashSet<>(next.keySet());
                    for (DagRecord known : session.dags().list()) {
                        if (known.active() && brokenFiles.contains(Path.of(known.fileloc()))) {
                            keep.add(known.dagId());
                        }
                    }
                    session.dags().deactivateAllExcept(keep);
                }
                if (errorsChanged) {
                    List<ImportErrorRecord> records = new ArrayList<>();
                    for (DagFileError error : result.errors()) {
                        records.add(new ImportErrorRecord(
                                error.file().toString(), error.line(), error.column(), error.message(), now));
                    }
                    session.dags().replaceImportErrors(records);
                }
            });
        }
        dags = Map.copyOf(next);
        errors = List.copyOf(result.errors());
        return result;
    }

    public Optional<Dag> find(String dagId) {
        return Optional.ofNullable(dags.get(dagId));
    }

    public Map<String, Dag> dags() {
        return dags;
    }

    public List<DagFileError> errors() {
        return errors;
    }

    private static boolean sameAsRecorded(Dag dag, DagRecord recorded) {
        DagRecord parsed = toRecord(dag, Instant.EPOCH);
        return recorded != null
                && recorded.active()
                && parsed.fileloc().equals(recorded.fileloc())
                && parsed.fingerprint().equals(recorded.fingerprint())
                && Objects.equals(parsed.description(), recorded.description())
                && Objects.equals(parsed.schedule(), recorded.schedule())
                && parsed.tags().equals(recorded.tags());
    }

    private static DagRecord toRecord(Dag dag, Instant now) {
        return new DagRecord(
                dag.dagId(),
                dag.file().toString(),
                false,
                true,
                dag.description(),
                dag.timetable() == null ? null : dag.timetable().expression(),
                dag.tags(),
                dag.fingerprint(),
                now);
    }
}
