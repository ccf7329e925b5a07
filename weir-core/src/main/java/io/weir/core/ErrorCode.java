package io.weir.core;

/** Codes for failures a user can cause or see; a metric or a script can count them. */
public enum ErrorCode {
    DAG_FILE_SYNTAX,
    DAG_INVALID,
    DAG_CYCLE,
    DAG_NOT_FOUND,
    TASK_NOT_FOUND,
    RUN_NOT_FOUND,
    BAD_DATE,
    BAD_DURATION,
    BAD_SCHEDULE,
    TEMPLATE_ERROR,
    SECRET_MISSING,
    TASK_FAILED,
    TASK_TIMEOUT,
    METADATA_DB,
    CONFIGURATION,
    USER_INPUT,
    WAREHOUSE,
    TRANSFORM
}
