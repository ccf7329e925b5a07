#!/usr/bin/env bash
# Pretends to extract one table for a data interval and reports the row count as XCom.
set -euo pipefail
table=$1
start=$2
end=$3
rows=$(( (RANDOM % 900) + 100 ))
echo "extracting $table rows from $start to $end"
sleep 0.2
echo "extracted $rows rows of $table"
printf '{"record_count": %d, "table": "%s"}\n' "$rows" "$table" > "$WEIR_XCOM_FILE"
