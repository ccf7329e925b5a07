package io.weir.transform.bench;

import io.weir.transform.artifacts.ManifestWriter;
import io.weir.transform.compile.TransformProject;
import io.weir.transform.profile.Profiles;
import io.weir.transform.project.Node;
import io.weir.warehouse.WarehouseTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One cold parse and compile in a process of its own, as a user's {@code weir transform compile} runs: the
 * benchmark starts it as a fresh JVM. With {@code --read-only} it reads the project's files and nothing else (the
 * floor: starting a JVM and reading the files).
 */
public final class ColdCompile {
    private ColdCompile() {}

    public static void main(String[] args) throws IOException {
        Path project = Path.of(args[0]);
        if (args.length > 1 && args[1].equals("--read-only")) {
            long bytes = 0;
            try (Stream<Path> files = Files.walk(project)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    bytes += Files.readAllBytes(file).length;
                }
            }
            System.out.println(bytes);
            return;
        }
        WarehouseTarget target = Profiles.load(project, "bench", null, project, Map.of());
        TransformProject loaded = TransformProject.load(project, target, Map.of(), Map.of());
        Map<String, String> compiled = new HashMap<>();
        for (Node node : loaded.manifest().nodes().values()) {
            compiled.put(node.uniqueId(), loaded.compile(node, null, false));
        }
        ManifestWriter.write(loaded.manifest(), target, compiled, project.resolve("target/manifest.json"));
        System.out.println(compiled.size());
    }
}
