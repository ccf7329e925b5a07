-- The files extracts loaded (extract.files): one row per ledger (the RAW table) and file, so continuous ingest loads
-- each file once and sheetload skips a file whose content has not changed. One SQL text for H2 2.x and PostgreSQL.

CREATE TABLE extract_file (
    ledger VARCHAR(500) NOT NULL,
    file_name VARCHAR(1000) NOT NULL,
    size_bytes BIGINT NOT NULL,
    etag VARCHAR(250),
    checksum VARCHAR(64),
    loaded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    row_count BIGINT NOT NULL,
    run_id VARCHAR(250) NOT NULL,
    CONSTRAINT extract_file_pk PRIMARY KEY (ledger, file_name)
);
