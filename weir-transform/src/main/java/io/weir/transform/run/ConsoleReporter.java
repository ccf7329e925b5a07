package io.weir.transform.run;

import static java.util.Objects.requireNonNull;

import io.weir.transform.project.Node;
import io.weir.transform.project.ResourceType;
import io.weir.warehouse.Relation;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a run as dbt's console does: a time-stamped line as each node starts and ends, dot-padded to a fixed width
 * with the status in brackets, then what ran, every error and warning with its node's file, and the totals. Safe to
 * call from several workers at once; each line is printed whole.
 */
public final class ConsoleReporter implements RunListener {
    private static final int WIDTH = 80;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final PrintStream out;
    private final Clock clock;
    private final Map<String, Node> nodes = new HashMap<>();
    private List<Node> planned = List.of();

    public ConsoleReporter(PrintStream out) {
        this(out, Clock.systemDefaultZone());
    }

    /** A reporter whose time stamps read {@code clock}, in the clock's zone. */
    public ConsoleReporter(PrintStream out, Clock clock) {
        this.out = requireNonNull(out, "out is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public synchronized void runStarted(List<Node> nodesToRun) {
        planned = List.copyOf(nodesToRun);
        nodesToRun.forEach(node -> nodes.put(node.uniqueId(), node));
    }

    @Override
    public synchronized void nodeStarted(Node node, int index, int total) {
        print(progressLine(index, total, "START " + describe(node), "RUN", null, true));
    }

    @Override
    public synchronized void nodeFinished(Node node, NodeResult result, int index, int total) {
        NodeOutcome outcome = result.outcome();
        if (outcome.status() == NodeStatus.SKIPPED) {
            print(progressLine(index, total, "SKIP " + skipped(node), "SKIP", null, false));
            return;
        }
        String status = bracketStatus(node, outcome);
        print(progressLine(
                index, total, finishedMessage(node, outcome, status), status, result.executionTime(), false));
    }

    @Override
    public synchronized void runFinished(RunReport report) {
        print("");
        print("Finished running " + statLine() + " in " + humanized(report.elapsed()) + ".");
        print("");
        List<NodeResult> errors = withStatus(report, NodeStatus.ERROR, NodeStatus.FAIL);
        List<NodeResult> warnings = withStatus(report, NodeStatus.WARN);
        if (errors.isEmpty() && warnings.isEmpty()) {
            print(report.cancelled() ? "Cancelled: the run stopped before every node ran" : "Completed successfully");
        } else {
            print("Completed with " + plural(errors.size(), "error") + " and " + plural(warnings.size(), "warning")
                    + ":");
            errors.forEach(this::printProblem);
            warnings.forEach(this::printProblem);
        }
        print("");
        Map<NodeStatus, Integer> counts = report.counts();
        print("Done. PASS=" + (counts.get(NodeStatus.SUCCESS) + counts.get(NodeStatus.PASS))
                + " WARN=" + counts.get(NodeStatus.WARN)
                + " ERROR=" + (counts.get(NodeStatus.ERROR) + counts.get(NodeStatus.FAIL))
                + " SKIP=" + counts.get(NodeStatus.SKIPPED)
                + " TOTAL=" + report.results().size());
        out.flush();
    }

    private void printProblem(NodeResult result) {
        Node node = nodes.get(result.uniqueId());
        String what = node == null ? result.uniqueId() : node.resourceType().manifestName() + " " + node.name();
        String where = node == null ? "" : " (" + node.originalFilePath() + ")";
        String heading =
                switch (result.status()) {
                    case FAIL -> "Failure in " + what + where;
                    case WARN -> "Warning in " + what + where;
                    default -> (node != null && node.resourceType() == ResourceType.TEST
                                    ? "Error in "
                                    : "Runtime Error in ")
                            + what
                            + where;
                };
        print("");
        print(heading);
        String message =
                result.outcome().message() == null ? "" : result.outcome().message();
        message.lines().forEach(line -> print("  " + line));
    }

    private static String describe(Node node) {
        return switch (node.resourceType()) {
            case MODEL -> "sql " + node.config().materialized() + " model " + relationName(node);
            case SEED -> "seed file " + relationName(node);
            case SNAPSHOT -> "snapshot " + relationName(node);
            case TEST -> "test " + node.name();
            case ANALYSIS, SOURCE -> node.resourceType().manifestName() + " " + node.name();
        };
    }

    private static String skipped(Node node) {
        return node.relation() == null ? describe(node) : "relation " + relationName(node);
    }

    private static String finishedMessage(Node node, NodeOutcome outcome, String status) {
        boolean error = outcome.status() == NodeStatus.ERROR;
        return switch (node.resourceType()) {
            case MODEL -> (error ? "ERROR creating " : "OK created ") + describe(node);
            case SEED -> (error ? "ERROR loading " : "OK loaded ") + describe(node);
            case SNAPSHOT -> (error ? "ERROR snapshotting " : "OK snapshotted ") + describe(node);
            case TEST -> status + " " + node.name();
            case ANALYSIS, SOURCE -> (error ? "ERROR compiling " : "OK compiled ") + describe(node);
        };
    }

    private static String bracketStatus(Node node, NodeOutcome outcome) {
        return switch (outcome.status()) {
            case ERROR -> "ERROR";
            case PASS -> "PASS";
            case WARN -> "WARN " + failures(outcome);
            case FAIL -> "FAIL " + failures(outcome);
            case SKIPPED -> "SKIP";
            case SUCCESS -> outcome.message() == null || outcome.message().isBlank()
                    ? (node.resourceType() == ResourceType.MODEL ? "OK" : "SUCCESS")
                    : outcome.message();
        };
    }

    private static String failures(NodeOutcome outcome) {
        return outcome.failures() == null ? "" : outcome.failures().toString();
    }

    private static String relationName(Node node) {
        Relation relation = node.relation();
        return relation == null ? node.name() : relation.schema() + "." + relation.identifier();
    }

    /** {@code "1 of 5 <message> ..... [STATUS in 0.12s]"}, the message dot-padded to the console width. */
    static String progressLine(int index, int total, String message, String status, Duration time, boolean truncate) {
        String justified = padded(index + " of " + total + " " + message + " ");
        if (truncate && justified.length() > WIDTH - 3) {
            justified = justified.substring(0, WIDTH - 3) + "...";
        }
        String elapsed = time == null ? "" : " in " + seconds(time) + "s";
        return justified + " [" + status + elapsed + "]";
    }

    private static String padded(String prefix) {
        if (prefix.length() >= WIDTH) {
            return prefix;
        }
        return prefix + ".".repeat(WIDTH - prefix.length());
    }

    private String statLine() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Node node : planned) {
            String kind = node.resourceType() == ResourceType.MODEL
                    ? node.config().materialized() + " model"
                    : node.resourceType().manifestName();
            counts.merge(kind, 1, Integer::sum);
        }
        if (counts.isEmpty()) {
            return "0 nodes";
        }
        return counts.entrySet().stream()
                .map(entry -> plural(entry.getValue(), entry.getKey()))
                .collect(Collectors.joining(", "));
    }

    private static String humanized(Duration elapsed) {
        double total = elapsed.toNanos() / 1e9;
        long hours = (long) (total / 3600);
        long minutes = (long) (total % 3600 / 60);
        return hours + " hours " + minutes + " minutes and " + String.format(Locale.ROOT, "%.2f", total % 60)
                + " seconds (" + String.format(Locale.ROOT, "%.2f", total) + "s)";
    }

    private static String seconds(Duration time) {
        return String.format(Locale.ROOT, "%.2f", time.toNanos() / 1e9);
    }

    private static String plural(int count, String noun) {
        if (count == 1) {
            return count + " " + noun;
        }
        return count + " " + (noun.endsWith("analysis") ? noun.substring(0, noun.length() - 2) + "es" : noun + "s");
    }

    private static List<NodeResult> withStatus(RunReport report, NodeStatus... statuses) {
        List<NodeStatus> wanted = List.of(statuses);
        return report.results().stream()
                .filter(result -> wanted.contains(result.status()))
                .toList();
    }

    private void print(String line) {
        out.println(LocalTime.now(clock).format(TIME) + "  " + line);
    }
}
