package io.weir.core.dag;

import static java.util.Objects.requireNonNull;

import io.weir.core.task.TaskTypeRegistry;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses and validates DAG files. A file either yields a {@link Dag} or every problem found in it, each with the line
 * and column of the offending key or value. Thread-safe.
 */
public final class DagParser {
    private static final String YAML_HINT =
            "; check the indentation, and quote values that start with @, *, { or [ (schedule: \"@daily\")";

    private final TaskTypeRegistry types;

    public DagParser(TaskTypeRegistry types) {
        this.types = requireNonNull(types, "types is null");
    }

    /** Parses {@code relativeFile}, a path relative to {@code projectDir}. */
    public DagParseResult parse(Path projectDir, Path relativeFile) {
        byte[] content;
        try {
            content = Files.readAllBytes(projectDir.resolve(relativeFile));
        } catch (IOException e) {
            return DagParseResult.failed(
                    relativeFile,
                    List.of(new DagFileError(
                            relativeFile,
                            1,
                            1,
                            "The file cannot be read (" + e + "); check that it exists and is readable")));
        }
        return parseFile(projectDir, relativeFile, content).result();
    }

    /**
     * Parses the content of a DAG file; {@code relativeFile} names it in the DAG and in errors, and files its tasks
     * name are read relative to the working directory.
     */
    public DagParseResult parse(Path relativeFile, byte[] content) {
        return parseFile(Path.of("").toAbsolutePath(), relativeFile, content).result();
    }

    /**
     * The result, where the file sets its dag_id (null when it comes from the file name), and the project files its
     * task types read (null: missing), so a change to them parses the file again.
     */
    record ParsedFile(DagParseResult result, Mark dagIdMark, Map<Path, byte[]> inputs) {}

    ParsedFile parseFile(Path projectDir, Path file, byte[] content) {
        Problems problems = new Problems(file);
        Node root = compose(decode(content, problems), problems);
        if (root != null && !(root instanceof MappingNode)) {
            problems.at(
                    root,
                    "A DAG file must be a mapping of DAG keys (dag_id, schedule, tasks, ...), not "
                            + YamlValues.describe(root));
        }
        if (!(root instanceof MappingNode mapping)) {
            return new ParsedFile(DagParseResult.failed(file, problems.sorted()), null, Map.of());
        }
        WatchedFiles inputs = new WatchedFiles(projectDir);
        DagDocument document = new DagDocument(types, file, problems, inputs);
        Dag dag = document.read(mapping, () -> fingerprint(content, inputs.contents()));
        DagParseResult result =
                dag == null ? DagParseResult.failed(file, problems.sorted()) : DagParseResult.parsed(dag);
        return new ParsedFile(result, document.dagIdMark(), inputs.contents());
    }

    private static String decode(byte[] content, Problems problems) {
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            problems.at(1, 1, "The file is not UTF-8 text; save it as UTF-8");
            return null;
        }
    }

    private static Node compose(String text, Problems problems) {
        if (text == null) {
            return null;
        }
        try {
            Iterator<Node> documents = new Yaml(new LoaderOptions())
                    .composeAll(new StringReader(text))
                    .iterator();
            Node root = documents.hasNext() ? documents.next() : null;
            if (root == null || YamlValues.isNull(root)) {
                problems.at(1, 1, "The file is empty; a DAG file needs at least a 'tasks:' mapping");
                return null;
            }
            if (documents.hasNext()) {
                problems.at(
                        documents.next(),
                        "A DAG file holds one DAG; move this document (after '---') to a file of its own");
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            problems.at(mark, "The file is not valid YAML: " + problem + YAML_HINT);
            return null;
        } catch (YAMLException e) {
            problems.at(1, 1, "The file is not valid YAML: " + e.getMessage());
            return null;
        }
    }

    /** A digest of the DAG file and of the files its tasks were generated from, which change its tasks too. */
    private static String fingerprint(byte[] content, Map<Path, byte[]> inputs) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(content);
            inputs.forEach((path, bytes) -> {
                digest.update(path.toString().getBytes(StandardCharsets.UTF_8));
                digest.update(bytes == null ? new byte[] {0} : bytes);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
