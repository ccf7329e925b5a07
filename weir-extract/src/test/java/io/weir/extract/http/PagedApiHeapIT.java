package io.weir.extract.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.task.TaskResult;
import io.weir.extract.testing.FixtureServer;
import io.weir.extract.testing.FixtureServer.Answer;
import io.weir.extract.testing.RawWarehouse;
import io.weir.extract.testing.TaskTry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A paginated API of 200,000 records lands through a heap of 256 MB (failsafe runs this module's ITs with -Xmx256m). */
class PagedApiHeapIT {
    private static final int RECORDS = 200_000;
    private static final int PAGE = 20_000;

    @TempDir
    Path project;

    @Test
    void twoHundredThousandRecordsOfLargePagesLandInA256MegabyteHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(280L * 1024 * 1024);
        try (FixtureServer server = new FixtureServer()) {
            server.on("/events", request -> Answer.json(page(Integer.parseInt(request.query("page")))));
            Files.createDirectories(project.resolve("extract"));
            Files.writeString(
                    project.resolve("extract/tracking.yaml"),
                    """
                    base_url: %s
                    objects:
                      events:
                        records: .events[]
                        pagination: {type: page, size: %d}
                        fields: {id: bigint, kind: text, at: timestamp, value: double}
                        checks: {unique_key: id, required_fields: [id, kind]}
                    """
                            .formatted(server.url(), PAGE));
            RawWarehouse warehouse = RawWarehouse.duckdb(project);
            TaskTry task = new TaskTry(
                    "tracking",
                    Map.of("source", "extract/tracking.yaml"),
                    project,
                    TaskTry.day("2024-05-01"),
                    Map.of());

            TaskResult result = new ExtractHttpTaskType().execute(task);

            assertThat(result.xcom())
                    .isEqualTo(
                            Map.of("object", "events", "table", "raw.tracking.events", "record_count", (long) RECORDS));
            assertThat(warehouse
                            .query("select count(*), sum(id), count(distinct kind) from raw.tracking.events")
                            .rows()
                            .get(0))
                    .containsExactly((long) RECORDS, new java.math.BigInteger("20000100000"), 3L);
            assertThat(server.requests).hasSize(RECORDS / PAGE + 1);
            assertThat(task.lines).anySatisfy(line -> assertThat(line).contains("200,000 rows so far"));
        }
    }

    /** A page of events, {@value #PAGE} records with a nested payload; past the last record, an empty page. */
    private static String page(int number) {
        StringBuilder body = new StringBuilder(PAGE * 200)
                .append("{\"page\": ")
                .append(number)
                .append(", \"events\": [");
        int first = (number - 1) * PAGE + 1;
        for (int id = first; id < first + PAGE && id <= RECORDS; id++) {
            body.append(id == first ? "" : ",")
                    .append("{\"id\": ")
                    .append(id)
                    .append(", \"kind\": \"")
                    .append(List.of("view", "click", "buy").get(id % 3))
                    .append("\", \"at\": \"2024-05-01T")
                    .append(String.format("%02d:%02d:%02d", id / 3600 % 24, id / 60 % 60, id % 60))
                    .append("\", \"value\": ")
                    .append(id * 0.5)
                    .append(", \"context\": {\"session\": \"s-")
                    .append(id / 7)
                    .append("\", \"agent\": \"Mozilla/5.0 (X11; Linux x86_64)\", \"path\": [\"/\", \"/pricing\"]}}");
        }
        return body.append("]}").toString();
    }
}
