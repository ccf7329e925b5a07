package io.weir.transform.artifacts;

import io.weir.transform.TransformException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Writes the project's documentation as one self-contained {@code index.html}: the manifest and catalog are embedded
 * in it, and plain JavaScript draws a searchable node list, each node's description, columns and SQL, and its lineage
 * as an inline SVG graph. The page loads nothing from anywhere, so it opens from {@code file://} without a network.
 */
public final class DocsSite {
    private static final String TEMPLATE = "docs-site.html";
    private static final String MANIFEST_SLOT = "{\"__weir_manifest__\": true}";
    private static final String CATALOG_SLOT = "{\"__weir_catalog__\": true}";

    private DocsSite() {}

    /**
     * @param manifestJson {@code target/manifest.json}
     * @param catalogJson {@code target/catalog.json}; when it does not exist the page shows no column types
     * @param indexHtml where to write the page
     * @throws TransformException naming the file when the manifest cannot be read or the page cannot be written
     */
    public static void write(Path manifestJson, Path catalogJson, Path indexHtml) {
        String manifest = read(manifestJson, "generate the docs again so that the manifest is written first");
        String catalog = Files.exists(catalogJson) ? read(catalogJson, "") : "{}";
        String page =
                template().replace(MANIFEST_SLOT, embeddable(manifest)).replace(CATALOG_SLOT, embeddable(catalog));
        ArtifactFile.write(page, indexHtml);
    }

    private static String read(Path file, String hint) {
        try {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            ArtifactFile.JSON.readTree(json);
            return json;
        } catch (NoSuchFileException e) {
            throw new TransformException("Cannot read " + file + ": it does not exist; " + hint + ".", e);
        } catch (IOException e) {
            throw new TransformException(
                    "Cannot read " + file + " as JSON: " + e.getMessage() + "; generate it again.", e);
        }
    }

    /** JSON that cannot end the script element it sits in: {@code </} and {@code <!--} are escaped. */
    static String embeddable(String json) {
        return json.replace("</", "<\\/")
                .replace("<!--", "<\\u0021--")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }

    private static String template() {
        try (InputStream in = DocsSite.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("The docs page template " + TEMPLATE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
