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
        boolean dagSetChanged = !next.keySet().equals(dags.keySet());
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
