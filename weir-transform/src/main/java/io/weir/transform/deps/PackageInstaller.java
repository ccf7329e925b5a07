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
import java.util.Optional;
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
     * Installs every package: the versions {@code package-lock.yml} pins when it was written for the packages listed
     * now, else those the lists resolve to (hub version ranges intersected across every package that asks).
     *
     * @return what was installed, in order
     * @throws TransformException naming the package and what to do when one cannot be installed
     */
    public List<InstalledPackage> install() {
        List<PackageSpec> listed = PackagesFile.read(projectDir, env);
        Optional<List<PackageSpec>> pinned = LockFile.pinned(projectDir);
        if (pinned.isPresent()) {
            console.accept("Installing the versions pinned in " + LockFile.FILE);
        }
        boolean followDependencies = pinned.isEmpty();
        Path installDir = InstalledPackages.installDir(projectDir);
        Path staging = stagingFolder(projectDir);
        try {
            Map<String, InstalledPackage> installed = install(pinned.orElse(listed), followDependencies, staging);
            deleteTree(installDir);
            Files.createDirectories(installDir.getParent());
            Files.move(staging, installDir);
            LockFile.write(projectDir, List.copyOf(installed.values()));
            return List.copyOf(installed.values());
        } catch (IOException e) {
            throw new TransformException("Cannot move the installed packages into " + installDir + ": " + e, e);
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * Installs the packages into {@code installDir}, a fresh folder that replaces the install folder only once every
     * package is in, so a failed {@code deps} leaves the packages installed before as they were.
     */
    private Map<String, InstalledPackage> install(
            List<PackageSpec> specs, boolean followDependencies, Path installDir) {
        Map<String, InstalledPackage> installed = new LinkedHashMap<>();
        DbtHub client = DbtHub.fromEnvironment(env);
        HubResolver hub = new HubResolver(client);
        Deque<Pending> queue = new ArrayDeque<>();
        specs.forEach(spec -> queue.add(new Pending(spec, projectDir, "packages.yml")));
        while (!queue.isEmpty()) {
            Pending next = queue.poll();
            if (next.spec() instanceof PackageSpec.Hub hubSpec) {
                hub.require(hubSpec, next.listedBy());
                continue;
            }
            try (Staged staged = stage(next)) {
                Optional<Path> target = copy(next.spec(), staged, installDir, installed);
                if (target.isPresent() && followDependencies) {
                    Path listedFrom = next.spec() instanceof PackageSpec.Local ? staged.folder() : target.get();
                    String name = target.get().getFileName().toString();
                    PackagesFile.read(target.get(), env)
                            .forEach(spec -> queue.add(new Pending(spec, listedFrom, "the package " + name)));
                }
            }
        }
        if (!hub.isEmpty()) {
            for (HubRelease release : hub.resolve(followDependencies)) {
                try (Staged staged = download(client, release)) {
                    copy(
                            new PackageSpec.Hub(
                                    release.name(), List.of(release.version().toString()), true),
                            staged,
                            installDir,
                            installed);
                }
            }
        }
        return installed;
    }

    private static Path stagingFolder(Path projectDir) {
        try {
            return Files.createTempDirectory(projectDir, ".weir-deps-");
        } catch (IOException e) {
            throw new TransformException("Cannot make a folder for the packages in " + projectDir + ": " + e, e);
        }
    }

    /**
     * Copies a staged package into {@code <installDir>/<its project name>}; empty when a package of that name is
     * installed already (the first listed wins, with a warning when they differ).
     */
    private Optional<Path> copy(
            PackageSpec spec, Staged staged, Path installDir, Map<String, InstalledPackage> installed) {
        String name = InstalledPackages.projectName(staged.folder(), spec.declared());
        PackageSpec shown = spec instanceof PackageSpec.Local
                ? new PackageSpec.Local(slashes(projectDir.relativize(staged.folder())))
                : spec;
        InstalledPackage earlier = installed.get(name);
        if (earlier != null) {
            if (!earlier.spec().equals(shown)) {
                console.accept("Warning: package " + name + " is listed twice ("
                        + earlier.spec().declared() + " and " + shown.declared() + "); the first is installed");
            }
            return Optional.empty();
        }
        Path target = installDir.resolve(name);
        try {
            copyTree(staged.folder(), target);
        } catch (IOException e) {
            throw new TransformException(
                    "Cannot install " + spec.declared() + " into " + installDir + ": " + e.getMessage(), e);
        }
        installed.put(name, new InstalledPackage(name, shown, staged.commit()));
        console.accept("Installed " + name + " (" + shown.declared()
                + (staged.commit() == null ? "" : ", commit " + staged.commit().substring(0, 12)) + ")");
        return Optional.of(target);
    }

    /**
     * A package listed by a packages file.
     *
     * @param from the folder its {@code local:} path is relative to
     * @param listedBy who lists it, for messages: {@code packages.yml} or {@code the package <name>}
     */
    private record Pending(PackageSpec spec, Path from, String listedBy) {}

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
                        + "); fix the path in " + pending.listedBy());
            }
            return new Staged(folder, null, null);
        }
        PackageSpec.Git git = (PackageSpec.Git) pending.spec();
        if (git.revision() == null && git.warnUnpinned()) {
            console.accept("Warning: the git package " + git.url() + " is not pinned to a revision; add"
                    + " 'revision:' with a tag or commit (or 'warn-unpinned: false')");
        }
        return GitPackages.checkout(git);
    }

    private static Staged download(DbtHub hub, HubRelease release) {
        Path temporary;
        try {
            temporary = Files.createTempDirectory("weir-deps-");
        } catch (IOException e) {
            throw new TransformException("Cannot make a temporary folder for " + release + ": " + e, e);
        }
        try {
            Path tarball = temporary.resolve("package.tar.gz");
            hub.download(release, tarball);
            Path folder =
                    Tarballs.extract(tarball, temporary.resolve("package"), release + " (" + release.tarball() + ")");
            return new Staged(folder, temporary, null);
        } catch (RuntimeException e) {
            deleteTree(temporary);
            throw e;
        }
    }

    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
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
