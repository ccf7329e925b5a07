package io.weir.extract.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListingReaderTest {
    @TempDir
    Path dir;

    private List<FileEntry> read(String listing) throws Exception {
        Path file = dir.resolve("sheets.yml");
        Files.writeString(file, listing);
        return ListingReader.read(file, "extract/sheets.yml");
    }

    @Test
    void readsTheThreeKindsOfLocation() throws Exception {
        List<FileEntry> entries = read(
                """
                files:
                  - {name: hiring_plan, url: 'https://example.com/export?format=xlsx', format: xlsx, tabs: [q1, q2]}
                  - path: data/quotas.csv
                  - {s3: 's3://bucket/greenhouse/', pattern: '*.csv', mode: ingest, max_bytes: 1_000_000}
                """);

        assertThat(entries)
                .extracting(entry -> entry.location().kind())
                .containsExactly(FileEntry.Location.Kind.URL, FileEntry.Location.Kind.PATH, FileEntry.Location.Kind.S3);
        assertThat(entries.get(0).tabs()).containsExactly("q1", "q2");
        assertThat(entries.get(2).ingest()).isTrue();
        assertThat(entries.get(2).maxBytes()).isEqualTo(1_000_000);
        assertThat(entries.get(1).line()).isEqualTo(3);
    }

    @Test
    void anUnknownKeyIsAnErrorNamingTheListingAndLine() {
        assertThatThrownBy(() -> read("files:\n  - path: data/quotas.csv\n    tab: [q1]\n"))
                .hasMessage("extract/sheets.yml:3: unknown key 'tab' in the entry at line 2; did you mean 'tabs'?"
                        + " Known keys: access_key, encoding, endpoint, format, infer_types, max_bytes, mode, name,"
                        + " path, pattern, region, s3, secret_key, tabs, url");
    }

    @Test
    void eachBadEntryIsNamedByItsLine() {
        assertThatThrownBy(
                        () -> read(
                                """
                        files:
                          - {path: a.csv, url: 'https://example.com/a.csv'}
                          - {url: 'https://example.com/b.csv'}
                          - {path: c.csv, encoding: klingon}
                        """))
                .hasMessageContaining(
                        "extract/sheets.yml:2: the entry at line 2 must have exactly one of path, url or s3")
                .hasMessageContaining("extract/sheets.yml:3: the entry at line 3 loads a URL, so it needs a 'name:'")
                .hasMessageContaining("extract/sheets.yml:4: the entry at line 4: unknown encoding 'klingon'");
    }

    @Test
    void headersBecomeUniqueSnakeCaseNames() {
        assertThat(ColumnNames.of(List.of(
                        "Hiring Plan (Q1)",
                        "startDate",
                        "",
                        "amount",
                        "Amount",
                        "2024 Target",
                        "HTTPStatus",
                        " _private_ ")))
                .containsExactly(
                        "hiring_plan_q1",
                        "start_date",
                        "column_3",
                        "amount",
                        "amount_2",
                        "column_2024_target",
                        "http_status",
                        "private");
    }
}
