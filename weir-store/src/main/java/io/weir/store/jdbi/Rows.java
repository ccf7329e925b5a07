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

    static final RowMapper<DagRunRecord> DAG_RUN = (rs, context) -> new DagRunRecord(
            rs.getLong("id"),
            rs.getString("dag_id"),
            rs.getString("run_id"),
            instant(rs, "logical_date"),
            new DataInterval(instant(rs, "data_interval_start"), instant(rs, "data_interval_end")),
            RunType.fromLabel(rs.getString("run_type")),
            DagRunState.fromLabel(rs.getString("state")),
            rs.getBoolean("external_trigger"),
            rs.getString("conf"),
            instant(rs, "queued_at"),
            instant(rs, "start_date"),
            instant(rs, "end_date"),
            nullableLong(rs, "owner_job_id"));

    static final RowMapper<TaskInstanceRecord> TASK_INSTANCE = (rs, context) -> new TaskInstanceRecord(
            rs.getString("dag_id"),
            rs.getString("run_id"),
            rs.getString("task_id"),
            TaskState.fromLabel(rs.getString("state")),
            rs.getInt("try_number"),
            rs.getInt("max_tries"),
            instant(rs, "queued_at"),
            instant(rs, "start_date"),
            instant(rs, "end_date"),
            instant(rs, "next_retry_at"),
            rs.getString("pool"),
            rs.getInt("pool_slots"),
            rs.getInt("priority_weight"),
            rs.getString("operator"),
            rs.getString("hostname"),
            nullableLong(rs, "job_id"),
            nullableLong(rs, "pid"),
            instant(rs, "pid_started_at"));

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

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
