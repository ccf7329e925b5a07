-- Every state change of a task instance is a compare-and-set: UPDATE ... WHERE dag_id, run_id and task_id match AND
-- state is the expected one. Without fresh statistics (a table that just grew by a run of thousands of instances),
-- both H2 and PostgreSQL planned it on the state index alone and read every instance in that state to change one.
-- The state index now ends with the primary key's columns, so whichever index the planner takes finds the one row.
DROP INDEX task_instance_state_idx;
CREATE INDEX task_instance_state_idx ON task_instance (state, dag_id, run_id, task_id);
