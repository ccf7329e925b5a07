package io.weir.store.jdbi;

import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunType;
import io.weir.core.state.TaskState;
import io.weir.store.DagRunRecord;
import io.weir.store.ImportErrorRecord;
import io.weir.store.JobRecord;
import io.weir.store.PoolRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.store.XComRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.mapper.RowMapper;

/** Row mappers and column readers shared by the repositories. */
final class Rows {
    static final String DAG_RUN_COLUMNS = "id, dag_id, run_id, logical_date, data_interval_start, data_interval_end,"
            + " run_type, state, external_trigger, conf, queued_at, start_date, end_date, owner_job_id";

    static final String TASK_INSTANCE_COLUMNS = "dag_id, run_id, task_id, state, try_number, max_tries, queued_at,"
            + " start_date, end_date, next_retry_at, pool, pool_slots, priority_weight, operator, hostname, job_id,"
            + " pid, pid_started_at";

    /** Reads the columns of {@link #DAG_RUN_COLUMNS}, in that order. */
    static final RowMapper<DagRunRecord> DAG_RUN = (rs, context) -> dagRun(rs);

    /** Reads the columns of {@link #TASK_INSTANCE_COLUMNS}, in that order. */
    static final RowMapper<TaskInstanceRecord> TASK_INSTANCE = (rs, context) -> taskInstance(rs);

    static final RowMapper<JobRecord> JOB = (rs, context) -> new JobRecord(
            rs.getLong("id"),
            rs.getString("job_type"),
            rs.getString("hostname"),
            rs.getLong("pid"),
            instant(rs, "start_date"),
            instant(rs, "latest_heartbeat"),
            rs.getString("state"));

    static final RowMapper<ImportErrorRecord> IMPORT_ERROR = (rs, context) -> new ImportErrorRecord(
            rs.getString("filename"),
            rs.getInt("line_number"),
            rs.getInt("column_number"),
            rs.getString("message"),
            instant(rs, "error_timestamp"));

    static final RowMapper<XComRecord> XCOM = (rs, context) -> new XComRecord(
            rs.getString("dag_id"),
            rs.getString("run_id"),
            rs.getString("task_id"),
            rs.getString("xcom_key"),
            rs.getString("value_json"),
            instant(rs, "created_at"));

    static final RowMapper<PoolRecord> POOL =
            (rs, context) -> new PoolRecord(rs.getString("name"), rs.getInt("slots"), rs.getString("description"));

    private Rows() {}

    /** A run from a row selecting {@link #DAG_RUN_COLUMNS}; read by position, the cheapest way a driver offers. */
    static DagRunRecord dagRun(ResultSet rs) throws SQLException {
        return new DagRunRecord(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                instant(rs, 4),
                new DataInterval(instant(rs, 5), instant(rs, 6)),
                RunType.fromLabel(rs.getString(7)),
                DagRunState.fromLabel(rs.getString(8)),
                rs.getBoolean(9),
                rs.getString(10),
                instant(rs, 11),
                instant(rs, 12),
                instant(rs, 13),
                nullableLong(rs, 14));
    }

    /** An instance from a row selecting {@link #TASK_INSTANCE_COLUMNS}, read by position. */
    static TaskInstanceRecord taskInstance(ResultSet rs) throws SQLException {
        return new TaskInstanceRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                TaskState.fromLabel(rs.getString(4)),
                rs.getInt(5),
                rs.getInt(6),
                instant(rs, 7),
                instant(rs, 8),
                instant(rs, 9),
                instant(rs, 10),
                rs.getString(11),
                rs.getInt(12),
                rs.getInt(13),
                rs.getString(14),
                rs.getString(15),
                nullableLong(rs, 16),
                nullableLong(rs, 17),
                instant(rs, 18));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
