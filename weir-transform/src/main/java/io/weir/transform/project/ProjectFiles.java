package io.weir.transform.project;

import io.weir.transform.TransformException;
import io.weir.transform.jinja.Macro;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds a project's files by kind and turns each into node drafts (or macros, or properties). */
final class ProjectFiles {
    private static final Pattern SNAPSHOT = Pattern.compile(
            "\\{%-?\\s*snapshot\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*-?%}(.*?)\\{%-?\\s*endsnapshot\\s*-?%}", Pattern.DOTALL);

    private final ProjectInfo info;

    ProjectFiles(ProjectInfo info) {
        this.info = info;
    }

    /** A file of the project: its path, its path relative to the project and to its resource folder. */
    record ProjectFile(Path file, String originalFilePath, String relativePath) {
        /** The folders between the resource folder and the file. */
        List<String> folders() {
            List<String> parts = new ArrayList<>(List.of(relativePath.split("/")));
            parts.remove(parts.size() - 1);
            return parts;
        }

        String stem() {
            String fileName = file.getFileName().toString();
            int dot = fileName.lastIndexOf('.');
            return dot < 0 ? fileName : fileName.substring(0, dot);
        }

        String read() {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new TransformException("Cannot read " + originalFilePath + ": " + e.getMessage(), e);
            }
        }
    }

    List<ProjectFile> files(List<String> roots, String... extensions) {
        List<ProjectFile> files = new ArrayList<>();
        for (String root : roots) {
            Path rootDir = info.rootDir().resolve(root);
            if (!Files.isDirectory(rootDir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(rootDir)) {
                walk.filter(Files::isRegularFile)
                        .filter(file -> hasExtension(file, extensions))
                        .sorted()
                        .forEach(file -> files.add(new ProjectFile(
                                file, slashes(info.rootDir().relativize(file)), slashes(rootDir.relativize(file)))));
            } catch (IOException | UncheckedIOException e) {
                throw new TransformException("Cannot list the files of " + root + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    List<Macro> macros() {
        List<Macro> macros = new ArrayList<>();
        for (ProjectFile file : files(info.macroPaths(), ".sql")) {
            macros.addAll(MacroFiles.parse(file.read(), file.originalFilePath(), info.name()));
        }
        for (ProjectFile file : files(info.testPaths(), ".sql")) {
            if (isGenericTestFile(file)) {
                macros.addAll(MacroFiles.parse(file.read(), file.originalFilePath(), info.name()));
            }
        }
        return macros;
    }

    /** Every node of the project's files: models, seeds, snapshots, analyses and singular tests. */
    List<NodeDraft> nodes() {
        List<NodeDraft> drafts = new ArrayList<>();
        drafts.addAll(sqlNodes(ResourceType.MODEL, info.modelPaths()));
        drafts.addAll(seeds());
        drafts.addAll(snapshots());
        drafts.addAll(sqlNodes(ResourceType.ANALYSIS, info.analysisPaths()));
        drafts.addAll(sqlNodes(ResourceType.TEST, info.testPaths()));
        return drafts;
    }

    /** Nodes of {@code type} from plain SQL files: models, analyses and singular tests. */
    List<NodeDraft> sqlNodes(ResourceType type, List<String> roots) {
        List<NodeDraft> drafts = new ArrayList<>();
        for (ProjectFile file : files(roots, ".sql")) {
            if (type == ResourceType.TEST && isGenericTestFile(file)) {
                continue;
            }
            drafts.add(draft(type, file.stem(), file, fqn(file, file.stem()), file.read()));
        }
        return drafts;
    }

    List<NodeDraft> seeds() {
        List<NodeDraft> drafts = new ArrayList<>();
        for (ProjectFile file : files(info.seedPaths(), ".csv")) {
            drafts.add(draft(ResourceType.SEED, file.stem(), file, fqn(file, file.stem()), ""));
        }
        return drafts;
    }

    List<NodeDraft> snapshots() {
        List<NodeDraft> drafts = new ArrayList<>();
        for (ProjectFile file : files(info.snapshotPaths(), ".sql")) {
            Matcher block = SNAPSHOT.matcher(file.read());
            while (block.find()) {
                List<String> fqn = fqn(file, file.stem());
                fqn.add(block.group(1));
                drafts.add(draft(ResourceType.SNAPSHOT, block.group(1), file, fqn, block.group(2)));
            }
        }
        return drafts;
    }

    private NodeDraft draft(ResourceType type, String name, ProjectFile file, List<String> fqn, String rawCode) {
        return new NodeDraft(
                type,
                type.manifestName() + "." + info.name() + "." + name,
                name,
                file.originalFilePath(),
                file.relativePath(),
                fqn,
                rawCode);
    }

    private List<String> fqn(ProjectFile file, String name) {
        List<String> fqn = new ArrayList<>();
        fqn.add(info.name());
        fqn.addAll(file.folders());
        fqn.add(name);
        return fqn;
    }

    private static boolean isGenericTestFile(ProjectFile file) {
        return file.relativePath().startsWith("generic/");
    }

    private static boolean hasExtension(Path file, String... extensions) {
        String name = file.getFileName().toString();
        for (String extension : extensions) {
            if (name.endsWith(extension)) {
                return true;
            }
        }
        return false;
    }

    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }
}
