package io.weir.store.jdbi;

import io.weir.store.AuditRepository;
import io.weir.store.BrowseRepository;
import io.weir.store.DagRepository;
import io.weir.store.JobRepository;
import io.weir.store.LoadedFileRepository;
import io.weir.store.MetadataSession;
import io.weir.store.OverviewRepository;
import io.weir.store.PoolRepository;
import io.weir.store.RunRepository;
import io.weir.store.TaskInstanceRepository;
import io.weir.store.TaskStateRepository;
import io.weir.store.UserRepository;
import io.weir.store.VariableRepository;
import io.weir.store.XComRepository;
import io.weir.store.crypto.VariableCipher;
import org.jdbi.v3.core.Handle;

/** The repositories of one transaction, all on its handle. */
public final class JdbiMetadataSession implements MetadataSession {
    private final Handle handle;
    private final VariableCipher cipher;
    private final Dialect dialect;
    private final StatementCache statements;

    public JdbiMetadataSession(Handle handle, VariableCipher cipher, Dialect dialect, StatementCache statements) {
        this.handle = handle;
        this.cipher = cipher;
        this.dialect = dialect;
        this.statements = statements;
    }

    @Override
    public DagRepository dags() {
        return new JdbiDagRepository(handle);
    }

    @Override
    public RunRepository runs() {
        return new JdbiRunRepository(handle, dialect, statements);
    }

    @Override
    public TaskInstanceRepository taskInstances() {
        return new JdbiTaskInstanceRepository(handle, statements);
    }

    @Override
    public XComRepository xcoms() {
        return new JdbiXComRepository(handle);
    }

    @Override
    public VariableRepository variables() {
        return new JdbiVariableRepository(handle, cipher);
    }

    @Override
    public TaskStateRepository taskStates() {
        return new JdbiTaskStateRepository(handle);
    }

    @Override
    public JobRepository jobs() {
        return new JdbiJobRepository(handle);
    }

    @Override
    public PoolRepository pools() {
        return new JdbiPoolRepository(handle);
    }

    @Override
    public UserRepository users() {
        return new JdbiUserRepository(handle);
    }

    @Override
    public AuditRepository audit() {
        return new JdbiAuditRepository(handle);
    }

    @Override
    public OverviewRepository overview() {
        return new JdbiOverviewRepository(handle);
    }

    @Override
    public LoadedFileRepository loadedFiles() {
        return new JdbiLoadedFileRepository(handle);
    }

    @Override
    public BrowseRepository browse() {
        return new JdbiBrowseRepository(handle);
    }
}
