package io.weir.transform.deps;

import static java.util.Objects.requireNonNull;

import io.weir.transform.TransformException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code weir transform deps}: installs the packages a project lists, and the packages those list, each into {@code
 * <install path>/<its project name>}, and writes {@code package-lock.yml} with what was installed (a git package's
 * commit). The install folder is emptied first, as dbt does.
 */
public final class PackageInstaller {
    private final Path projectDir;
    private final Map<String, String> env;
    private final Consumer<String> console;

    public PackageInstaller(Path projectDir, Map<String, String> env, Consumer<String> console) {
        this.projectDir = requireNonNull(projectDir, "projectDir is null")
                .toAbsolutePath()
                .normalize();
        this.env = Map.copyOf(env);
        this.console = requireNonNull(console, "console is null");
    }

    /**
     * Installs every package.
     *
     * @return what was installed, in order
     * @throws TransformException naming the package and what to do when one cannot be installed
     */
    public List<InstalledPackage> install() {
        List<PackageSpec> listed = PackagesFile.read(projectDir, env);
        Path installDir = InstalledPackages.installDir(projectDir);
        deleteTree(installDir);
        Map<String, InstalledPackage> installed = new LinkedHashMap<>();
        Deque<Pending> queue = new ArrayDeque<>();
        listed.forEach(spec -> queue.add(new Pending(spec, projectDir)));
        while (!queue.isEmpty()) {
            Pending next = queue.poll();
            try (Staged staged = stage(next)) {
                String name = InstalledPackages.projectName(
                        staged.folder(), next.spec().declared());
                InstalledPackage earlier = installed.get(name);
                if (earlier != null) {
                    if (!earlier.spec().equals(next.spec())) {
                        console.accept("Warning: package " + name + " is listed twice ("
                                + earlier.spec().declared() + " and "
                                + next.spec().declared() + "); the first is installed");
                    }
                    continue;
                }
                Path target = installDir.resolve(name);
                copyTree(staged.folder(), target);
                InstalledPackage done = new InstalledPackage(name, next.spec(), staged.commit());
                installed.put(name, done);
                console.accept("Installed " + name + " (" + next.spec().declared()
                        + (staged.commit() == null
                                ? ""
                                : ", commit " + staged.commit().substring(0, 12)) + ")");
                Path listedFrom = next.spec() instanceof PackageSpec.Local ? staged.folder() : target;
                PackagesFile.read(target, env).forEach(spec -> queue.add(new Pending(spec, listedFrom)));
            } catch (IOException e) {
                throw new TransformException(
                        "Cannot install " + next.spec().declared() + " into " + installDir + ": " + e.getMessage(), e);
            }
        }
        LockFile.write(projectDir, List.copyOf(installed.values()));
        return List.copyOf(installed.values());
    }

    private record Pending(PackageSpec spec, Path from) {}

    /**
     * A package's files on this machine: a local folder, or a checkout in a temporary folder that closing deletes.
     *
     * @param commit the commit checked out, for a git package
     */
    record Staged(Path folder, Path temporary, String commit) implements AutoCloseable {
        @Override
        public void close() {
            if (temporary != null) {
                deleteTree(temporary);
            }
        }
    }

    private Staged stage(Pending pending) {
        if (pending.spec() instanceof PackageSpec.Local local) {
            Path folder = pending.from().resolve(local.path()).normalize();
            if (!Files.isDirectory(folder)) {
                throw new TransformException("The local package '" + local.path() + "' is not a folder (" + folder
                        + "); fix the path in packages.yml");
            }
            return new Staged(folder, null, null);
        }
        if (pending.spec() instanceof PackageSpec.Git git) {
            if (git.revision() == null && git.warnUnpinned()) {
                console.accept("Warning: the git package " + git.url() + " is not pinned to a revision; add"
                        + " 'revision:' with a tag or commit (or 'warn-unpinned: false')");
            }
            return GitPackages.checkout(git);
        }
        PackageSpec.Hub hub = (PackageSpec.Hub) pending.spec();
        throw new TransformException("The hub package " + hub.name() + " cannot be installed yet: Weir installs"
                + " local and git packages; list it as 'git:' with its repository and a 'revision:' tag");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                Path relative = from.relativize(file);
                if (relative.toString().equals(".git") || relative.startsWith(".git")) {
                    continue;
                }
                Path copy = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths =
                    new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path path : paths) {
                Files.delete(path);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new TransformException("Cannot empty " + dir + ": " + e.getMessage(), e);
        }
    }
}
