/**
 * {@code extract.files}: CSV, TSV and XLSX files from a folder, an HTTP(S) URL or S3, named in a sheetload-style
 * listing, landed in RAW as one table per file or tab, or ingested continuously from a folder or prefix with a ledger.
 */
package io.weir.extract.files;
