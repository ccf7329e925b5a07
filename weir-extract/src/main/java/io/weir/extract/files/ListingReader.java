package io.weir.extract.files;

import io.weir.extract.ExtractException;
import io.weir.extract.spec.SpecException;
import io.weir.extract.spec.SpecReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
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

    private final SpecReader reader;

    private ListingReader(SpecReader reader) {
        this.reader = reader;
    }

    /**
     * Reads the listing {@code file}; {@code shownName} is how messages name it (its path relative to the project).
     *
     * @throws ExtractException naming the listing and, for each problem, its line ({@link SpecException})
     */
    public static List<FileEntry> read(Path file, String shownName) {
        SpecReader.Root root = SpecReader.parse(
                SpecReader.content(file, shownName, "listing", "the 'listing' path"),
                shownName,
                empty -> "a listing is a mapping with 'files:', a list of files to load; this file is "
                        + (empty ? "empty" : "not a mapping"));
        return new ListingReader(root.reader()).read(root.mapping());
    }

    private List<FileEntry> read(MappingNode mapping) {
        Map<String, Node> top = reader.entries(mapping, TOP_KEYS, "the listing");
        List<FileEntry> files = new ArrayList<>();
        if (!(top.get("files") instanceof SequenceNode list)) {
            reader.problem(
                    top.getOrDefault("files", mapping),
                    "the listing has no 'files:' list; add one entry per file, such as '- path: data/quotas.csv'");
        } else {
            for (Node item : list.getValue()) {
                FileEntry entry = entry(item);
                if (entry != null) {
                    files.add(entry);
                }
            }
        }
        reader.finish();
        return files;
    }

    private FileEntry entry(Node node) {
        int line = SpecReader.line(node);
        if (!(node instanceof MappingNode mapping)) {
            reader.problem(
                    node, "each file is a mapping with one of path, url or s3, such as '- path: data/quotas.csv'");
            return null;
        }
        String where = "the entry at line " + line;
        Map<String, Node> keys = reader.entries(mapping, ENTRY_KEYS, where);
        int before = reader.problemCount();
        List<FileEntry.Location> locations = new ArrayList<>();
        for (String key : List.of("path", "url", "s3")) {
            String value = reader.optional(keys, key, where);
            if (value != null) {
                locations.add(new FileEntry.Location(
                        FileEntry.Location.Kind.valueOf(key.toUpperCase(java.util.Locale.ROOT)), value));
            }
        }
        if (locations.size() != 1) {
            reader.problem(
                    mapping,
                    where + " must have exactly one of path, url or s3"
                            + (locations.isEmpty() ? "" : "; it has " + locations.size()));
            return null;
        }
        FileEntry.Location location = locations.get(0);
        if (location.kind() == FileEntry.Location.Kind.URL
                && !location.value().startsWith("http://")
                && !location.value().startsWith("https://")) {
            reader.problem(keys.get("url"), where + ": url must start with http:// or https://");
        }
        if (location.kind() == FileEntry.Location.Kind.S3 && !location.value().startsWith("s3://")) {
            reader.problem(keys.get("s3"), where + ": s3 must be s3://bucket/prefix");
        }
        String name = reader.optional(keys, "name", where);
        if (name == null && location.kind() == FileEntry.Location.Kind.URL) {
            reader.problem(mapping, where + " loads a URL, so it needs a 'name:' for its table");
        }
        String mode = reader.optional(keys, "mode", where);
        boolean ingest = false;
        if (mode != null) {
            if (mode.equals("ingest")) {
                ingest = true;
            } else if (!mode.equals("replace")) {
                reader.problem(keys.get("mode"), where + ": mode must be replace or ingest, not '" + mode + "'");
            }
        }
        if (ingest && location.kind() == FileEntry.Location.Kind.URL) {
            reader.problem(keys.get("mode"), where + ": mode ingest reads a folder (path) or a prefix (s3)");
        }
        FileFormat format = null;
        String formatName = reader.optional(keys, "format", where);
        if (formatName != null) {
            format = FileFormat.parse(formatName).orElse(null);
            if (format == null) {
                reader.problem(keys.get("format"), where + ": format must be csv, tsv or xlsx");
            }
        }
        List<String> tabs = keys.containsKey("tabs") ? reader.texts(keys.get("tabs"), "tabs", where) : List.of();
        if (!tabs.isEmpty() && ingest) {
            reader.problem(keys.get("tabs"), where + ": tabs name sheets of one workbook, not of ingested files");
        }
        if (!tabs.isEmpty()
                && (format != null ? format : FileFormat.ofName(location.value())) != FileFormat.XLSX
                && location.kind() != FileEntry.Location.Kind.S3) {
            reader.problem(
                    keys.get("tabs"),
                    where + ": tabs are the sheets of an XLSX workbook; add 'format: xlsx' if " + location.value()
                            + " is one");
        }
        String encoding = reader.optional(keys, "encoding", where);
        if (encoding == null) {
            encoding = StandardCharsets.UTF_8.name();
        } else if (!isCharset(encoding)) {
            reader.problem(
                    keys.get("encoding"),
                    where + ": unknown encoding '" + encoding + "'; use a name such as UTF-8, windows-1252 or"
                            + " ISO-8859-1");
        }
        long maxBytes = FileEntry.DEFAULT_MAX_BYTES;
        String max = reader.optional(keys, "max_bytes", where);
        if (max != null) {
            try {
                maxBytes = Long.parseLong(max.replace("_", ""));
                if (maxBytes < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                reader.problem(keys.get("max_bytes"), where + ": max_bytes must be a whole number of bytes");
            }
        }
        boolean inferTypes = reader.flag(keys, "infer_types", where);
        String pattern = reader.optional(keys, "pattern", where);
        FileEntry.S3Settings s3 = new FileEntry.S3Settings(
                reader.optional(keys, "endpoint", where),
                reader.optional(keys, "region", where),
                reader.optional(keys, "access_key", where),
                reader.optional(keys, "secret_key", where));
        if ((s3.accessKey() == null) != (s3.secretKey() == null)) {
            reader.problem(mapping, where + " names one of access_key and secret_key; name both secrets or neither");
        }
        if (reader.problemCount() > before) {
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
}
