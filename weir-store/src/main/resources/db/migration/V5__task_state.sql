-- State a task keeps across its runs, such as the last STATE message of a Singer tap, written only after the rows
-- before it are committed. One row per task of a DAG. One SQL text for H2 2.x and PostgreSQL.

CREATE TABLE task_state (
    dag_id VARCHAR(250) NOT NULL,
    task_id VARCHAR(250) NOT NULL,
    state_value VARCHAR NOT NULL,
    run_id VARCHAR(250) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT task_state_pk PRIMARY KEY (dag_id, task_id)
);
