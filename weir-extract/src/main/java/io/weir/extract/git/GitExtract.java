package io.weir.extract.git;

import static java.util.Objects.requireNonNull;

import io.weir.core.schedule.DataInterval;
import io.weir.core.task.TaskFailure;
import io.weir.extract.ExtractException;
import io.weir.warehouse.Relation;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.load.LoadMode;
import io.weir.warehouse.load.LoadRequest;
import io.weir.warehouse.load.LoadResult;
import io.weir.warehouse.load.TableLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Lands the commits of a git repository whose commit date falls in the run's data interval, merged on sha into
 * {@code raw.<schema>.<table>}, so reruns and overlapping intervals never double a commit. A repository given by URL
 * is cloned once (bare) under the project's {@code .weir/git/} and fetched on later runs.
 */
public final class GitExtract {
    public static final String DEFAULT_SCHEMA = "git";
    public static final String DEFAULT_TABLE = "commits";

    /**
     * What to run.
     *
     * @param repository a path relative to the project, or a clone URL (http, https, file)
     * @param name the repository's name in the {@code repository} column
     * @param branch the branch (or any revision) whose history is read; null for HEAD
     * @param username the user for a clone URL, or null
     * @param password the password or token for a clone URL, or null
     */
    public record Options(
            String repository,
            String name,
            String branch,
            Path projectDir,
            DataInterval interval,
            String targetSchema,
            String table,
            String username,
            String password,
            String runId) {
        public Options {
            requireNonNull(repository, "repository is null");
            requireNonNull(name, "name is null");
            requireNonNull(projectDir, "projectDir is null");
            requireNonNull(interval, "interval is null");
            requireNonNull(targetSchema, "targetSchema is null");
            requireNonNull(table, "table is null");
            requireNonNull(runId, "runId is null");
        }
    }

    private final Options options;

    public GitExtract(Options options) {
        this.options = requireNonNull(options, "options is null");
    }

    /** The repository's name from its path or URL: the last segment without {@code .git}. */
    public static String nameOf(String repository) {
        String trimmed = repository.replaceAll("[/\\\\]+$", "");
        String last = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
        return last.endsWith(".git") ? last.substring(0, last.length() - 4) : last;
    }

    static boolean isUrl(String repository) {
        return repository.matches("^[a-z][a-z0-9+.-]*://.*");
    }

    public Relation target(Warehouse warehouse) {
        return new Relation(WarehouseSettings.rawDatabase(warehouse.target()), options.targetSchema(), options.table());
    }

    /**
     * Loads the interval's commits.
     *
     * @throws TaskFailure retryable when a clone or fetch could not reach the remote
     * @throws ExtractException for a path that is no repository or a branch it does not have
     */
    public LoadResult run(Warehouse warehouse, Consumer<String> log, LongConsumer progress) {
        Relation target = target(warehouse);
        try (Repository repository = open(log)) {
            ObjectId head = head(repository);
            try (CommitRows rows = new CommitRows(options.name(), repository, head, options.interval());
                    WarehouseSession session = warehouse.session()) {
                return new TableLoader(session)
                        .load(
                                new LoadRequest(target, LoadMode.MERGE, List.of("sha"), options.runId(), Instant.now()),
                                rows,
                                progress);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ExtractException(
                    "Cannot read the repository " + shown() + ": " + withoutPassword(String.valueOf(e.getMessage())),
                    e);
        }
    }

    private Repository open(Consumer<String> log) throws IOException {
        if (!isUrl(options.repository())) {
            Path path = options.projectDir().resolve(options.repository());
            FileRepositoryBuilder builder =
                    new FileRepositoryBuilder().readEnvironment().findGitDir(path.toFile());
            if (!Files.isDirectory(path) || builder.getGitDir() == null) {
                throw new ExtractException("The repository " + options.repository() + " is not a git repository"
                        + " (no .git found at " + path + " or above); check 'repository', a path relative to the"
                        + " project or a clone URL");
            }
            return builder.setMustExist(true).build();
        }
        Path clone = options.projectDir()
                .resolve(".weir/git")
                .resolve(options.name().toLowerCase(Locale.ROOT) + "-"
                        + Integer.toHexString(options.repository().hashCode()));
        try {
            if (Files.isDirectory(clone.resolve("objects"))) {
                log.accept("Fetching " + shown() + " into " + clone);
                Repository repository = new FileRepositoryBuilder()
                        .setGitDir(clone.toFile())
                        .setMustExist(true)
                        .build();
                try {
                    new Git(repository)
                            .fetch()
                            .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"))
                            .setCredentialsProvider(credentials())
                            .call();
                    return repository;
                } catch (GitAPIException | RuntimeException e) {
                    repository.close();
                    throw e;
                }
            }
            log.accept("Cloning " + shown() + " into " + clone);
            return Git.cloneRepository()
                    .setURI(options.repository())
                    .setBare(true)
                    .setDirectory(clone.toFile())
                    .setCredentialsProvider(credentials())
                    .call()
                    .getRepository();
        } catch (TransportException e) {
            String message = withoutPassword(String.valueOf(e.getMessage()));
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("not authorized") || lower.contains("authentication is required")) {
                throw new TaskFailure(
                        "The repository " + shown() + " refused the credentials: " + message + "; check the secrets"
                                + " that 'credentials' names",
                        false,
                        e);
            }
            throw new TaskFailure("Cannot reach the repository " + shown() + ": " + message + " (retryable)", true, e);
        } catch (GitAPIException e) {
            throw new ExtractException(
                    "Cannot clone " + shown() + ": " + withoutPassword(String.valueOf(e.getMessage())), e);
        }
    }

    /** The repository as messages name it: a URL without the password it may carry. */
    public String shown() {
        return withoutPassword(options.repository());
    }

    /** {@code text} with the password of any {@code scheme://user:password@} masked, and the given password too. */
    private String withoutPassword(String text) {
        String masked = text.replaceAll("(://[^/@:\\s]+:)[^/@\\s]+@", "$1***@");
        return options.password() == null || options.password().isEmpty()
                ? masked
                : masked.replace(options.password(), "***");
    }

    private CredentialsProvider credentials() {
        return options.username() == null
                ? CredentialsProvider.getDefault()
                : new UsernamePasswordCredentialsProvider(
                        options.username(), options.password() == null ? "" : options.password());
    }

    private ObjectId head(Repository repository) throws IOException {
        String revision = options.branch() == null ? "HEAD" : options.branch();
        ObjectId id = repository.resolve(revision + "^{commit}");
        if (id == null) {
            List<String> branches = repository.getRefDatabase().getRefsByPrefix("refs/heads/").stream()
                    .map(Ref::getName)
                    .map(name -> name.substring("refs/heads/".length()))
                    .toList();
            throw new ExtractException("The repository " + shown() + " has no branch or revision '"
                    + revision + "'"
                    + (branches.isEmpty() ? " (it has no commits)" : "; it has " + String.join(", ", branches)));
        }
        return id;
    }
}
