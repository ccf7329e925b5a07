package io.weir.cli.variables;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.cli.CliAudit;
import io.weir.cli.Main;
import io.weir.cli.output.OutputOption;
import io.weir.cli.output.OutputRenderer;
import io.weir.cli.output.Rows;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.engine.Weir;
import io.weir.store.VariableRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir variables}: key/value settings DAGs read as {@code var.value.KEY}, stored encrypted. */
@Command(name = "variables", description = "Get, set, list, import and export variables.")
public final class VariablesCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The FILE argument that means standard input or output. */
    private static final String STANDARD_STREAM = "-";

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "get", description = "Print a variable's value.")
    int get(
            @Parameters(paramLabel = "KEY", description = "The variable's key.") String key,
            @Option(
                            names = {"-d", "--default"},
                            paramLabel = "VALUE",
                            description = "Print this instead of failing when the variable is not set.")
                    String defaultValue) {
        try (Weir weir = main.open(true)) {
            Optional<VariableRecord> variable =
                    weir.store().inTransaction(session -> session.variables().get(key));
            if (variable.isEmpty() && defaultValue == null) {
                throw new WeirException(
                        ErrorCode.USER_INPUT,
                        "Variable " + key + " is not set; `weir variables set " + key + " VALUE` sets it.");
            }
            out().println(variable.map(VariableRecord::value).orElse(defaultValue));
            return 0;
        }
    }

    @Command(name = "set", description = "Set a variable, creating or replacing it.")
    int set(
            @Parameters(index = "0", paramLabel = "KEY", description = "The variable's key.") String key,
            @Parameters(index = "1", paramLabel = "VALUE", description = "Its value (text; JSON is kept as written).")
                    String value,
            @Option(names = "--description", paramLabel = "TEXT", description = "What the variable is for.")
                    String description) {
        requireKey(key);
        try (Weir weir = main.open(true)) {
            weir.store().useTransaction(session -> session.variables().set(key, value, description));
            CliAudit.record(weir, "variable.set", null, null, null, "key=" + key);
            out().println("Variable " + key + " set.");
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a variable.")
    int delete(@Parameters(paramLabel = "KEY", description = "The variable's key.") String key) {
        try (Weir weir = main.open(true)) {
            if (!weir.store().inTransaction(session -> session.variables().delete(key))) {
                throw new WeirException(
                        ErrorCode.USER_INPUT,
                        "Variable " + key + " does not exist; `weir variables list` shows the variables.");
            }
            CliAudit.record(weir, "variable.delete", null, null, null, "key=" + key);
            out().println("Variable " + key + " deleted.");
            return 0;
        }
    }

    @Command(name = "list", description = "List the variables' keys (values may be secret, so they are not shown).")
    int list(@Mixin OutputOption output) {
        try (Weir weir = main.open(true)) {
            Rows.Builder rows = Rows.builder("key", "description");
            for (VariableRecord variable :
                    weir.store().inTransaction(session -> session.variables().list())) {
                rows.add(variable.key(), variable.description());
            }
            OutputRenderer.render(output.format(), rows.build(), out());
            return 0;
        }
    }

    @Command(
            name = "import",
            description = "Set the variables of a JSON file {\"key\": value, ...}; values that are not text are "
                    + "stored as JSON text.")
    int importFile(
            @Parameters(paramLabel = "FILE", description = "The JSON file, or - for standard input.") String file) {
        Map<String, String> variables = read(file);
        try (Weir weir = main.open(true)) {
            weir.store()
                    .useTransaction(session -> variables.forEach((key, value) -> session.variables()
                            .set(
                                    key,
                                    value,
                                    session.variables()
                                            .get(key)
                                            .map(VariableRecord::description)
                                            .orElse(null))));
            CliAudit.record(weir, "variable.import", null, null, null, "keys=" + String.join(",", variables.keySet()));
        }
        out().println("Imported " + variables.size() + (variables.size() == 1 ? " variable" : " variables") + " from "
                + file + ".");
        return 0;
    }

    @Command(
            name = "export",
            description = "Write every variable to a JSON file {\"key\": value, ...}; values holding a JSON object "
                    + "or array are written as JSON.")
    int exportFile(
            @Parameters(paramLabel = "FILE", description = "The JSON file to write, or - for standard output.")
                    String file) {
        List<VariableRecord> variables;
        try (Weir weir = main.open(true)) {
            variables =
                    weir.store().inTransaction(session -> session.variables().list());
        }
        ObjectNode document = JSON.createObjectNode();
        for (VariableRecord variable : variables) {
            document.set(variable.key(), exported(variable.value()));
        }
        String text = write(document);
        if (file.equals(STANDARD_STREAM)) {
            out().println(text);
            out().flush();
            return 0;
        }
        try {
            Files.writeString(Path.of(file), text + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WeirException(ErrorCode.USER_INPUT, "Cannot write variables file " + file + ": " + e, e);
        }
        out().println("Exported " + variables.size() + (variables.size() == 1 ? " variable" : " variables") + " to "
                + file + ".");
        return 0;
    }

    /** The variables of an import file, in file order; values that are not text become their JSON text. */
    private Map<String, String> read(String file) {
        JsonNode document;
        try {
            String text = file.equals(STANDARD_STREAM)
                    ? new String(main.input().readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            document = JSON.readTree(text);
        } catch (NoSuchFileException e) {
            throw new WeirException(ErrorCode.USER_INPUT, "Variables file " + file + " does not exist.");
        } catch (JsonProcessingException e) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "Variables file " + file + " is not valid JSON at line "
                            + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            throw new WeirException(ErrorCode.USER_INPUT, "Cannot read variables file " + file + ": " + e, e);
        }
        if (document == null || !document.isObject()) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "Variables file " + file + " must hold one JSON object of keys and values, such as "
                            + "{\"environment\": \"prod\"}.");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : document.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                throw new WeirException(
                        ErrorCode.USER_INPUT,
                        "Variable " + field.getKey() + " in " + file + " is null; give it a value or remove it.");
            }
            requireKey(field.getKey());
            variables.put(field.getKey(), value.isTextual() ? value.textValue() : value.toString());
        }
        return variables;
    }

    /** A stored value as exported: JSON objects and arrays nested, anything else as text. */
    private static JsonNode exported(String value) {
        String trimmed = value.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return JSON.readTree(trimmed);
            } catch (JsonProcessingException notJson) {
                // text that merely starts with a bracket
            }
        }
        return JSON.getNodeFactory().textNode(value);
    }

    private static void requireKey(String key) {
        if (key.isBlank()) {
            throw new WeirException(ErrorCode.USER_INPUT, "A variable key cannot be empty.");
        }
    }

    private static String write(JsonNode document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
