-- Every state change of a task instance is a compare-and-set: UPDATE ... WHERE dag_id, run_id and task_id match AND
-- state (and sometimes job_id) is the expected one. Without fresh statistics (a table that just grew by a run of
-- thousands of instances), H2 and PostgreSQL planned it on the state index alone, or on the job index, and read every
-- instance in that state, or every instance the job ever ran, to change one.
-- The state index now ends with the primary key's columns, so whichever index the planner takes finds the one row.
DROP INDEX task_instance_state_idx;
CREATE INDEX task_instance_state_idx ON task_instance (state, dag_id, run_id, task_id);
-- The job index goes: the one query by job (a job's active instances) reads the few queued and running instances
-- through the state index, and one index fewer is one entry fewer to write on every state change.
DROP INDEX task_instance_job_id_idx;
