package io.weir.extract.files;

import io.weir.core.Suggestions;
import io.weir.extract.ExtractException;
import io.weir.extract.database.ManifestException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a sheetload-style listing: {@code files:} a list of entries, each with one of {@code path}, {@code url} or
 * {@code s3}. Every key is known: an unknown one, a missing location or a value of the wrong kind is an error naming
 * the listing and the line.
 */
public final class ListingReader {
    static final Set<String> TOP_KEYS = Set.of("files");
    static final Set<String> ENTRY_KEYS = Set.of(
            "name",
            "path",
            "url",
            "s3",
            "pattern",
            "tabs",
            "format",
            "encoding",
            "mode",
            "infer_types",
            "max_bytes",
            "endpoint",
            "region",
            "access_key",
            "secret_key");

    private final String shownName;
    private final List<ManifestException.Problem> problems = new ArrayList<>();

    private ListingReader(String shownName) {
        this.shownName = shownName;
    }

    /**
     * Reads the listing {@code file}; {@code shownName} is how messages name it (its path relative to the project).
     *
     * @throws ExtractException naming the listing and, for each problem, its line
     */
    public static List<FileEntry> read(Path file, String shownName) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ExtractException("The listing " + shownName + " does not exist; check the 'listing' path,"
                    + " which is relative to the project");
        } catch (IOException e) {
            throw new ExtractException("Cannot read the listing " + shownName + ": " + e.getMessage(), e);
        }
        return new ListingReader(shownName).read(new String(content, StandardCharsets.UTF_8));
    }

    private List<FileEntry> read(String content) {
        Node root;
        try (Reader reader = new StringReader(content)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new ManifestException(
                    shownName, List.of(new ManifestException.Problem(line, "not valid YAML: " + e.getProblem())));
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new ManifestException(
                    shownName,
                    List.of(new ManifestException.Problem(
                            1,
                            "a listing is a mapping with 'files:', a list of files to load; this file is "
                                    + (root == null ? "empty" : "not a mapping"))));
        }
        Map<String, NodeTuple> top = entries(mapping, TOP_KEYS, "the listing");
        List<FileEntry> files = new ArrayList<>();
        NodeTuple filesEntry = top.get("files");
        if (filesEntry == null || !(filesEntry.getValueNode() instanceof SequenceNode list)) {
            problem(
                    filesEntry == null ? mapping : filesEntry.getValueNode(),
                    "the listing has no 'files:' list; add one entry per file, such as '- path: data/quotas.csv'");
        } else {
            for (Node item : list.getValue()) {
                FileEntry entry = entry(item);
                if (entry != null) {
                    files.add(entry);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(shownName, problems);
        }
        return files;
    }

    private FileEntry entry(Node node) {
        int line = node.getStartMark().getLine() + 1;
        if (!(node instanceof MappingNode mapping)) {
            problem(node, "each file is a mapping with one of path, url or s3, such as '- path: data/quotas.csv'");
            return null;
        }
        String where = "the entry at line " + line;
        Map<String, NodeTuple> keys = entries(mapping, ENTRY_KEYS, where);
        int before = problems.size();
        List<FileEntry.Location> locations = new ArrayList<>();
        for (String key : List.of("path", "url", "s3")) {
            String value = text(keys.get(key), where);
            if (value != null) {
                locations.add(new FileEntry.Location(
                        FileEntry.Location.Kind.valueOf(key.toUpperCase(java.util.Locale.ROOT)), value));
            }
        }
        if (locations.size() != 1) {
            problem(
                    mapping,
                    where + " must have exactly one of path, url or s3"
                            + (locations.isEmpty() ? "" : "; it has " + locations.size()));
            return null;
        }
        FileEntry.Location location = locations.get(0);
        if (location.kind() == FileEntry.Location.Kind.URL
                && !location.value().startsWith("http://")
                && !location.value().startsWith("https://")) {
            problem(keys.get("url").getValueNode(), where + ": url must start with http:// or https://");
        }
        if (location.kind() == FileEntry.Location.Kind.S3 && !location.value().startsWith("s3://")) {
            problem(keys.get("s3").getValueNode(), where + ": s3 must be s3://bucket/prefix");
        }
        String name = text(keys.get("name"), where);
        if (name == null && location.kind() == FileEntry.Location.Kind.URL) {
            problem(mapping, where + " loads a URL, so it needs a 'name:' for its table");
        }
        String mode = text(keys.get("mode"), where);
        boolean ingest = false;
        if (mode != null) {
            if (mode.equals("ingest")) {
                ingest = true;
            } else if (!mode.equals("replace")) {
                problem(
                        keys.get("mode").getValueNode(),
                        where + ": mode must be replace or ingest, not '" + mode + "'");
            }
        }
        if (ingest && location.kind() == FileEntry.Location.Kind.URL) {
            problem(keys.get("mode").getValueNode(), where + ": mode ingest reads a folder (path) or a prefix (s3)");
        }
        FileFormat format = null;
        String formatName = text(keys.get("format"), where);
        if (formatName != null) {
            format = FileFormat.parse(formatName).orElse(null);
            if (format == null) {
                problem(keys.get("format").getValueNode(), where + ": format must be csv, tsv or xlsx");
            }
        }
        List<String> tabs = list(keys.get("tabs"), where);
        if (!tabs.isEmpty() && ingest) {
            problem(
                    keys.get("tabs").getValueNode(),
                    where + ": tabs name sheets of one workbook, not of ingested files");
        }
        if (!tabs.isEmpty()
                && (format != null ? format : FileFormat.ofName(location.value())) != FileFormat.XLSX
                && location.kind() != FileEntry.Location.Kind.S3) {
            problem(
                    keys.get("tabs").getValueNode(),
                    where + ": tabs are the sheets of an XLSX workbook; add 'format: xlsx' if " + location.value()
                            + " is one");
        }
        String encoding = text(keys.get("encoding"), where);
        if (encoding == null) {
            encoding = StandardCharsets.UTF_8.name();
        } else if (!isCharset(encoding)) {
            problem(
                    keys.get("encoding").getValueNode(),
                    where + ": unknown encoding '" + encoding + "'; use a name such as UTF-8, windows-1252 or"
                            + " ISO-8859-1");
        }
        long maxBytes = FileEntry.DEFAULT_MAX_BYTES;
        String max = text(keys.get("max_bytes"), where);
        if (max != null) {
            try {
                maxBytes = Long.parseLong(max.replace("_", ""));
                if (maxBytes < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problem(keys.get("max_bytes").getValueNode(), where + ": max_bytes must be a whole number of bytes");
            }
        }
        boolean inferTypes = bool(keys.get("infer_types"), where);
        String pattern = text(keys.get("pattern"), where);
        FileEntry.S3Settings s3 = new FileEntry.S3Settings(
                text(keys.get("endpoint"), where),
                text(keys.get("region"), where),
                text(keys.get("access_key"), where),
                text(keys.get("secret_key"), where));
        if ((s3.accessKey() == null) != (s3.secretKey() == null)) {
            problem(mapping, where + " names one of access_key and secret_key; name both secrets or neither");
        }
        if (problems.size() > before) {
            return null;
        }
        return new FileEntry(name, location, pattern, tabs, format, encoding, ingest, inferTypes, maxBytes, s3, line);
    }

    private static boolean isCharset(String name) {
        try {
            return Charset.isSupported(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Map<String, NodeTuple> entries(MappingNode mapping, Set<String> allowed, String where) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode());
            if (!allowed.contains(key)) {
                String suggestion = Suggestions.closest(key, allowed)
                        .map(match -> " (did you mean '" + match + "'?)")
                        .orElse("");
                problem(
                        tuple.getKeyNode(),
                        "unknown key '" + key + "' in " + where + suggestion + "; allowed keys: "
                                + String.join(", ", new TreeSet<>(allowed)));
                continue;
            }
            if (entries.putIfAbsent(key, tuple) != null) {
                problem(tuple.getKeyNode(), "'" + key + "' appears twice in " + where + "; remove one");
            }
        }
        return entries;
    }

    private String text(NodeTuple tuple, String where) {
        if (tuple == null) {
            return null;
        }
        if (!(tuple.getValueNode() instanceof ScalarNode scalar)) {
            problem(tuple.getValueNode(), where + ": " + scalar(tuple.getKeyNode()) + " must be a single value");
            return null;
        }
        String text = scalar.getValue();
        return text == null || text.isBlank() || text.equals("~") || text.equals("null") ? null : text;
    }

    private boolean bool(NodeTuple tuple, String where) {
        String text = text(tuple, where);
        if (text == null) {
            return false;
        }
        if (!text.equals("true") && !text.equals("false")) {
            problem(tuple.getValueNode(), where + ": " + scalar(tuple.getKeyNode()) + " must be true or false");
        }
        return text.equals("true");
    }

    private List<String> list(NodeTuple tuple, String where) {
        if (tuple == null) {
            return List.of();
        }
        if (!(tuple.getValueNode() instanceof SequenceNode sequence)) {
            problem(
                    tuple.getValueNode(),
                    where + ": " + scalar(tuple.getKeyNode()) + " must be a list, such as [q1, q2]");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (item instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
                values.add(scalar.getValue());
            } else {
                problem(item, where + ": each of " + scalar(tuple.getKeyNode()) + " must be a name");
            }
        }
        return values;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : String.valueOf(node);
    }

    private void problem(Node node, String message) {
        problems.add(new ManifestException.Problem(node.getStartMark().getLine() + 1, message));
    }
}
