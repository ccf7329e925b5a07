package io.weir.extract.git;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.weir.core.schedule.DataInterval;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadType;
import io.weir.warehouse.load.RowSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.CommitTimeRevFilter;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * The commits reachable from a branch whose commit date falls in an interval, one row each, with the files the commit
 * changed against its first parent and the lines it added and removed, computed as rows are read.
 */
final class CommitRows implements RowSource, AutoCloseable {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    static final List<LoadColumn> COLUMNS = List.of(
            column("repository", LoadType.Kind.TEXT),
            column("sha", LoadType.Kind.TEXT),
            column("author_name", LoadType.Kind.TEXT),
            column("author_email", LoadType.Kind.TEXT),
            column("authored_at", LoadType.Kind.TIMESTAMPTZ),
            column("committer_name", LoadType.Kind.TEXT),
            column("committer_email", LoadType.Kind.TEXT),
            column("committed_at", LoadType.Kind.TIMESTAMPTZ),
            column("message", LoadType.Kind.TEXT),
            column("parents", LoadType.Kind.JSON),
            column("files_changed", LoadType.Kind.INTEGER),
            column("lines_added", LoadType.Kind.BIGINT),
            column("lines_removed", LoadType.Kind.BIGINT),
            column("files", LoadType.Kind.JSON));

    private final String name;
    private final RevWalk walk;
    private final DiffFormatter diffs;
    private final Iterator<RevCommit> commits;

    CommitRows(String name, Repository repository, ObjectId head, DataInterval interval) throws IOException {
        this.name = name;
        this.walk = new RevWalk(repository);
        walk.sort(RevSort.COMMIT_TIME_DESC);
        walk.markStart(walk.parseCommit(head));
        // Commit times have whole seconds and the filter includes both ends; the interval's end is exclusive.
        walk.setRevFilter(
                CommitTimeRevFilter.between(interval.start(), interval.end().minusSeconds(1)));
        this.diffs = new DiffFormatter(DisabledOutputStream.INSTANCE);
        diffs.setRepository(repository);
        diffs.setDiffComparator(RawTextComparator.DEFAULT);
        diffs.setDetectRenames(true);
        this.commits = walk.iterator();
    }

    private static LoadColumn column(String name, LoadType.Kind kind) {
        return new LoadColumn(name, LoadType.of(kind));
    }

    @Override
    public List<LoadColumn> columns() {
        return COLUMNS;
    }

    @Override
    public boolean next(Object[] row) {
        if (!commits.hasNext()) {
            return false;
        }
        RevCommit commit = commits.next();
        try {
            PersonIdent author = commit.getAuthorIdent();
            PersonIdent committer = commit.getCommitterIdent();
            List<String> parents = new ArrayList<>();
            for (RevCommit parent : commit.getParents()) {
                parents.add(parent.getName());
            }
            List<DiffEntry> entries = diffs.scan(
                    commit.getParentCount() == 0
                            ? null
                            : walk.parseCommit(commit.getParent(0)).getTree(),
                    commit.getTree());
            long added = 0;
            long removed = 0;
            List<Map<String, Object>> files = new ArrayList<>();
            for (DiffEntry entry : entries) {
                long fileAdded = 0;
                long fileRemoved = 0;
                for (Edit edit : diffs.toFileHeader(entry).toEditList()) {
                    fileAdded += edit.getLengthB();
                    fileRemoved += edit.getLengthA();
                }
                added += fileAdded;
                removed += fileRemoved;
                Map<String, Object> file = new LinkedHashMap<>();
                file.put(
                        "path",
                        entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath());
                file.put("change", entry.getChangeType().name().toLowerCase(java.util.Locale.ROOT));
                file.put("added", fileAdded);
                file.put("removed", fileRemoved);
                files.add(file);
            }
            row[0] = name;
            row[1] = commit.getName();
            row[2] = author.getName();
            row[3] = author.getEmailAddress();
            row[4] = time(author);
            row[5] = committer.getName();
            row[6] = committer.getEmailAddress();
            row[7] = time(committer);
            row[8] = commit.getFullMessage();
            row[9] = JSON.writeValueAsString(parents);
            row[10] = entries.size();
            row[11] = added;
            row[12] = removed;
            row[13] = JSON.writeValueAsString(files);
            return true;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a commit's lists as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read commit " + commit.getName() + " of " + name + ": " + e.getMessage(), e);
        }
    }

    private static OffsetDateTime time(PersonIdent person) {
        Instant when = person.getWhenAsInstant();
        ZoneOffset offset = person.getZoneOffset();
        return when.atOffset(offset == null ? ZoneOffset.UTC : offset);
    }

    @Override
    public void close() {
        diffs.close();
        walk.close();
    }
}
