package io.weir.extract.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.extract.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSourceReaderTest {
    @TempDir
    Path dir;

    private HttpSource read(String text) throws Exception {
        Path file = dir.resolve("greenhouse.yaml");
        Files.writeString(file, text);
        return HttpSourceReader.read(file, "extract/greenhouse.yaml");
    }

    @Test
    void objectsInheritTheSourceSettingsAndTheSourceNameIsTheFileName() throws Exception {
        HttpSource source = read(
                """
                base_url: https://harvest.example.com/v1/
                auth: {type: basic, username: GH_KEY, password: GH_EMPTY}
                pagination: {type: link}
                records: .
                objects:
                  candidates:
                    fields: {id: bigint, updated_at: timestamptz}
                  jobs:
                    method: post
                    body: {status: open, ids: [1, 2]}
                    pagination: {type: none}
                """);

        assertThat(source.name()).isEqualTo("greenhouse");
        assertThat(source.objects().keySet()).containsExactly("candidates", "jobs");
        assertThat(source.objects().get("candidates").pagination().kind()).isEqualTo(Pagination.Kind.LINK);
        assertThat(source.objects().get("candidates").checks().maxRowChangePercent())
                .isEqualTo(25);
        assertThat(source.objects().get("jobs").body()).isEqualTo("{\"status\":\"open\",\"ids\":[1,2]}");
        assertThat(source.objects().get("jobs").method()).isEqualTo("POST");
    }

    @Test
    void everyProblemIsReportedWithItsLine() {
        assertThatThrownBy(
                        () -> read(
                                """
                        base_url: https://harvest.example.com/v1/
                        auth: {type: token, token: GH}
                        objects:
                          candidates:
                            feilds: {id: bigint}
                            pagination: {type: pages}
                          Jobs:
                            fields: {id: number, name: varchar2}
                            checks: {unique_key: [job_id], min_rows: -1}
                        """))
                .isInstanceOf(SpecException.class)
                .hasMessage(String.join(
                        "\n",
                        "extract/greenhouse.yaml:2: auth type 'token' is not one of bearer, basic, api_key",
                        "extract/greenhouse.yaml:5: unknown key 'feilds' in object candidates; did you mean 'fields'?"
                                + " Known keys: body, checks, fields, headers, load, method, pagination, params,"
                                + " path, records",
                        "extract/greenhouse.yaml:6: 'pagination' of object candidates has type 'pages'; use page,"
                                + " offset, cursor, link or none",
                        "extract/greenhouse.yaml:8: the object name 'Jobs' is its RAW table's name, so it must be"
                                + " lower case letters, digits and _",
                        "extract/greenhouse.yaml:8: field name of object Jobs has the type 'varchar2', which is not"
                                + " one of text, bigint, integer, double, decimal, boolean, date, timestamp,"
                                + " timestamptz, json",
                        "extract/greenhouse.yaml:9: 'min_rows' of 'checks' of object Jobs must be a whole number of"
                                + " at least 0, not '-1'",
                        "extract/greenhouse.yaml:9: 'unique_key' of object Jobs names job_id, which 'fields' does"
                                + " not list; list it under 'fields' with its type so it gets a column to check"));
    }

    @Test
    void aCursorNeedsToKnowWhereTheCursorIs() {
        assertThatThrownBy(
                        () -> read(
                                """
                        base_url: https://helpdesk.example.com/api/
                        objects:
                          tickets:
                            pagination: {type: cursor}
                        """))
                .hasMessage("extract/greenhouse.yaml:4: 'pagination' of object tickets of type cursor needs either"
                        + " 'cursor_path' (where the next cursor is in the body) or 'next_url_path' (where the next"
                        + " page's URL is)");
    }

    @Test
    void aMergeNeedsAUniqueKeyToMatchRowsOn() throws Exception {
        assertThat(
                        read("""
                        base_url: https://harvest.example.com/v1/
                        objects:
                          candidates: {fields: {id: bigint}, load: merge, checks: {unique_key: [id]}}
                        """)
                                .objects()
                                .get("candidates")
                                .mergeKey())
                .containsExactly("id");
        assertThatThrownBy(
                        () -> read(
                                """
                        base_url: https://harvest.example.com/v1/
                        objects:
                          candidates:
                            fields: {id: bigint}
                            load: merge
                          jobs: {load: upsert}
                        """))
                .hasMessage(String.join(
                        "\n",
                        "extract/greenhouse.yaml:5: 'load: merge' of object candidates merges on the object's"
                                + " unique_key, which it has none of; add 'checks: {unique_key: [id]}' naming fields"
                                + " listed under 'fields'",
                        "extract/greenhouse.yaml:6: 'load' of object jobs must be replace, append or merge, not"
                                + " upsert"));
    }

    @Test
    void aRelativePathNeedsABaseUrl() {
        assertThatThrownBy(
                        () -> read(
                                """
                        objects:
                          employees: {records: .data}
                        """))
                .hasMessage("extract/greenhouse.yaml:2: object employees has the relative path 'employees' but the"
                        + " source has no base_url; add base_url (such as https://api.example.com/v1/) or give the"
                        + " whole URL as its path");
    }
}
