package io.weir.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import java.io.ByteArrayInputStream;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner of a project's warehouse taking commands on 127.0.0.1: only with the token of its owner-only file, with
 * the caller's output and exit status, and a caller's hang-up (Ctrl-C) cancelling its command.
 */
class WarehouseHostTest {
    @TempDir
    Path project;

    private Path weirDir;
    private WarehouseTarget target;
    private WarehouseHost host;

    @BeforeEach
    void startHost() throws Exception {
        Files.writeString(project.resolve("weir.yaml"), "dags_are_paused_at_creation: false\n");
        Files.createDirectories(project.resolve("dags"));
        weirDir = Files.createDirectories(project.resolve(".weir"));
        Path dir = weirDir.resolve("warehouse");
        target = WarehouseTarget.duckdb(
                "dev", dir.resolve("analytics.duckdb"), "main", 1, Map.of("raw", dir.resolve("raw.duckdb")));
        host = WarehouseHost.start(weirDir, Warehouse.open(target));
    }

    @AfterEach
    void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void theFileIsOwnerOnlyAndNamesThisProcessAndItsPort() throws Exception {
        Path file = HostFile.path(weirDir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        HostFile live = HostFile.readLive(weirDir).orElseThrow();
        assertThat(live.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(live.port()).isEqualTo(host.port());
        assertThat(live.token()).hasSize(64);
    }

    @Test
    void aCommandWithTheTokenRunsHereAndPrintsThere() {
        Reply reply = send(token(), "sql", "create table main.made_remotely as select 42 as answer");

        assertThat(reply.exitCode()).as(reply.toString()).contains(0);
        assertThat(reply.out()).isEqualTo("OK\n");
        assertThat(query("select answer from main.made_remotely")).isEqualTo("[[42]]");

        Reply failed = send(token(), "sql", "select * from main.nowhere");
        assertThat(failed.exitCode()).contains(1);
        assertThat(failed.err()).startsWith("error: ").contains("nowhere");
    }

    @Test
    void aBackfillRunsInTheHostAndReadsItsConfirmationFromTheCallersInput() throws Exception {
        Files.writeString(
                project.resolve("dags/greet.yaml"),
                """
                dag_id: greet
                schedule: "@daily"
                start_date: 2024-01-01
                tasks:
                  hello:
                    type: command
                    command: echo hello
                """);
        String[] backfill = {"dags", "backfill", "greet", "-s", "2024-01-01", "-e", "2024-01-01", "--reset-dagruns"};
        Reply first = send(token(), backfill);
        assertThat(first.exitCode()).as(first.toString()).contains(0);
        assertThat(first.out()).contains("Backfilling DAG greet: 1 run");

        Reply declined = sendWithInput(token(), "n\n", backfill);
        assertThat(declined.exitCode()).as(declined.toString()).contains(1);
        assertThat(declined.err()).contains("and run them again? [y/N]").contains("Cancelled; nothing was changed.");

        Reply confirmed = sendWithInput(token(), "y\n", backfill);
        assertThat(confirmed.exitCode()).as(confirmed.toString()).contains(0);
        assertThat(confirmed.out()).contains("Backfilling DAG greet: 1 run");
    }

    @Test
    void aWrongOrMissingTokenIsRefusedAndNothingRuns() {
        for (String token : List.of("0".repeat(64), "")) {
            Reply reply = send(token, "sql", "create table main.not_made as select 1 as x");

            assertThat(reply.exitCode()).contains(1);
            assertThat(reply.err())
                    .contains("refused this command")
                    .contains("token does not match")
                    .doesNotContain(token());
            assertThat(query("select count(*) from information_schema.tables where table_name = 'not_made'"))
                    .isEqualTo("[[0]]");
        }
    }

    @Test
    void aCallerThatHangsUpHasItsQueryCancelled() throws Exception {
        HostFile file = HostFile.readLive(weirDir).orElseThrow();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), file.port())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            request(token(), "sql", "select sum(i % 7) from range(1000000000000) t(i)")
                    .write(out);
            awaitRunning(1);
        }
        // The query would take hours; the hang-up ends it.
        awaitRunning(0);
    }

    @Test
    void closingStopsAdvertisingAndLetsTheFileGo() {
        host.close();
        host = null;

        assertThat(HostFile.path(weirDir)).doesNotExist();
        assertThat(Warehouse.isOpenHere(target)).isFalse();
    }

    @Test
    void aFileWhoseProcessHasGoneIsIgnored() throws Exception {
        host.close();
        host = null;
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(30, TimeUnit.SECONDS);
        new HostFile(gone.pid(), 1, "0".repeat(64)).write(weirDir);

        assertThat(HostFile.readLive(weirDir)).isEmpty();
    }

    private void awaitRunning(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (host.commandsRunning() != count) {
            assertThat(System.nanoTime()).as("%d commands running", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private String token() {
        return HostFile.readLive(weirDir).orElseThrow().token();
    }

    private String query(String sql) {
        try (Warehouse warehouse = Warehouse.open(target);
                WarehouseSession session = warehouse.session()) {
            return session.query(sql).rows().toString();
        }
    }

    private CommandRequest request(String token, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--project", project.toString()));
        all.addAll(List.of(args));
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.remove("WEIR_PROJECT");
        environment.remove("WEIR_HOME");
        environment.remove("WEIR_DB_URL");
        return new CommandRequest(token, project, all, environment);
    }

    private Reply send(String token, String... args) {
        return sendWithInput(token, "", args);
    }

    private Reply sendWithInput(String token, String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        HostFile file = HostFile.readLive(weirDir).orElseThrow();
        Optional<Integer> exitCode = WarehouseClient.run(
                new HostFile(file.pid(), file.port(), token),
                request(token, args),
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Reply(exitCode, out.toString(), err.toString());
    }

    private record Reply(Optional<Integer> exitCode, String out, String err) {}
}
