package io.weir.transform.artifacts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.transform.project.Manifest;
import io.weir.transform.project.Node;
import io.weir.transform.run.NodeOutcome;
import io.weir.transform.run.NodeResult;
import io.weir.transform.run.NodeStatus;
import io.weir.transform.run.RunReport;
import io.weir.warehouse.Dialect;
import io.weir.warehouse.WarehouseType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Writes {@code run_results.json} as dbt does (schema v5): per node its status, timing, worker, execution time,
 * message, adapter response, failures and compiled code, then the run's elapsed time and arguments. Tools built for
 * dbt's artifacts read it unchanged.
 */
public final class RunResultsWriter {
    private static final String SCHEMA = "run-results/v5";
    /** Both warehouses quote identifiers alike, as dbt writes {@code relation_name}. */
    private static final Dialect QUOTING = Dialect.of(WarehouseType.POSTGRES);

    private RunResultsWriter() {}

    /**
     * Writes the results of {@code command} ({@code run}, {@code build}, ...) with a new invocation id.
     *
     * @param compiledCodeById each node's compiled SQL, by unique id; nodes missing from it were not compiled
     */
    public static void write(
            RunReport report, Manifest manifest, Map<String, String> compiledCodeById, String command, Path file) {
        write(
                report,
                manifest,
                compiledCodeById,
                Map.of("which", command),
                UUID.randomUUID().toString(),
                file);
    }

    /**
     * Writes the results with the command's arguments (as dbt's {@code args}: {@code which}, {@code select},
     * {@code threads}, ...) under {@code invocationId}, the id the run's other artifacts carry too.
     */
    public static void write(
            RunReport report,
            Manifest manifest,
            Map<String, String> compiledCodeById,
            Map<String, ?> args,
            String invocationId,
            Path file) {
        ObjectNode root = ArtifactFile.JSON.createObjectNode();
        root.set("metadata", ArtifactFile.metadata(SCHEMA, Instant.now(), invocationId));
        ArrayNode results = root.putArray("results");
        for (NodeResult result : report.results()) {
            results.add(result(result, manifest.nodes().get(result.uniqueId()), compiledCodeById));
        }
        root.put("elapsed_time", seconds(report.elapsed().toNanos()));
        root.set("args", ArtifactFile.JSON.valueToTree(args));
        ArtifactFile.writeJson(root, file);
    }

    private static ObjectNode result(NodeResult result, Node node, Map<String, String> compiledCodeById) {
        NodeOutcome outcome = result.outcome();
        ObjectNode json = ArtifactFile.JSON.createObjectNode();
        json.put("status", outcome.status().resultName());
        ArrayNode timing = json.putArray("timing");
        if (outcome.status() != NodeStatus.SKIPPED) {
            timing.add(timing("compile", result.startedAt(), result.startedAt()));
            timing.add(timing("execute", result.startedAt(), result.completedAt()));
        }
        json.put("thread_id", result.threadIndex() < 0 ? null : "Thread-" + (result.threadIndex() + 1));
        json.put("execution_time", seconds(result.executionTime().toNanos()));
        json.set("adapter_response", adapterResponse(outcome));
        json.put("message", outcome.message());
        if (outcome.failures() == null) {
            json.putNull("failures");
        } else {
            json.put("failures", outcome.failures());
        }
        json.put("unique_id", result.uniqueId());
        String compiledCode = compiledCodeById.get(result.uniqueId());
        json.put("compiled", compiledCode != null);
        json.put("compiled_code", compiledCode);
        json.put(
                "relation_name",
                node == null || node.relation() == null ? null : node.relation().render(QUOTING));
        return json;
    }

    private static ObjectNode adapterResponse(NodeOutcome outcome) {
        ObjectNode response = ArtifactFile.JSON.createObjectNode();
        if (outcome.adapterMessage() != null) {
            response.put("_message", outcome.adapterMessage());
            response.put("code", outcome.adapterMessage().split(" ")[0]);
        }
        if (outcome.rowsAffected() >= 0) {
            response.put("rows_affected", outcome.rowsAffected());
        }
        return response;
    }

    private static ObjectNode timing(String name, Instant startedAt, Instant completedAt) {
        ObjectNode timing = ArtifactFile.JSON.createObjectNode();
        timing.put("name", name);
        timing.put("started_at", ArtifactFile.timestamp(startedAt));
        timing.put("completed_at", ArtifactFile.timestamp(completedAt));
        return timing;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
