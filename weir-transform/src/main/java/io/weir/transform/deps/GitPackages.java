package io.weir.transform.deps;

import io.weir.transform.TransformException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * Fetches a git package with JGit: its branches and tags into a bare repository, then the files of its revision (a tag, a branch or a commit) under
 * its subdirectory written out, with no working tree or {@code .git} folder in the package.
 */
final class GitPackages {
    private GitPackages() {}

    static PackageInstaller.Staged checkout(PackageSpec.Git spec) {
        Path temporary;
        try {
            temporary = Files.createTempDirectory("weir-deps-");
        } catch (IOException e) {
            throw new TransformException("Cannot make a temporary folder for " + spec.declared() + ": " + e, e);
        }
        try (Git git = Git.init()
                .setBare(true)
                .setDirectory(temporary.resolve("repository.git").toFile())
                .call()) {
            Repository repository = git.getRepository();
            // No background garbage collection may write into the folder while it is deleted.
            repository.getConfig().setInt("gc", null, "auto", 0);
            repository.getConfig().setBoolean("gc", null, "autoDetach", false);
            repository.getConfig().save();
            FetchResult fetched = git.fetch()
                    .setRemote(spec.url())
                    .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
                    .call();
            Ref head = fetched.getAdvertisedRef("HEAD");
            ObjectId commit = spec.revision() == null
                    ? (head == null ? null : head.getObjectId())
                    : resolve(repository, spec.revision());
            if (commit == null) {
                throw new TransformException("The git package " + spec.url() + " has no revision '" + spec.revision()
                        + "' (no tag, branch or commit of that name); fix 'revision:' in packages.yml");
            }
            Path folder = temporary.resolve("package");
            if (write(repository, commit, spec.subdirectory(), folder) == 0) {
                throw new TransformException("The git package " + spec.url() + " has no folder '" + spec.subdirectory()
                        + "' at " + commit.name() + "; fix 'subdirectory:' in packages.yml");
            }
            return new PackageInstaller.Staged(folder, temporary, commit.name());
        } catch (GitAPIException | IOException e) {
            PackageInstaller.deleteTree(temporary);
            throw new TransformException(
                    "Cannot fetch the git package " + spec.url() + ": " + e.getMessage()
                            + "; check the URL and that this machine can reach it",
                    e);
        } catch (RuntimeException e) {
            PackageInstaller.deleteTree(temporary);
            throw e;
        }
    }

    /** Writes the files of {@code commit} under {@code subdirectory} (or all) into {@code folder}; how many. */
    private static int write(Repository repository, ObjectId commit, String subdirectory, Path folder)
            throws IOException {
        String prefix = subdirectory == null ? "" : subdirectory.replaceAll("^/+|/+$", "");
        int written = 0;
        try (RevWalk revisions = new RevWalk(repository);
                TreeWalk tree = new TreeWalk(repository)) {
            RevCommit parsed = revisions.parseCommit(commit);
            tree.addTree(parsed.getTree());
            tree.setRecursive(true);
            if (!prefix.isEmpty()) {
                tree.setFilter(PathFilter.create(prefix));
            }
            while (tree.next()) {
                if (tree.getFileMode(0) == FileMode.GITLINK) {
                    continue;
                }
                String path = tree.getPathString();
                String relative = prefix.isEmpty() ? path : path.substring(prefix.length() + 1);
                Path file = folder.resolve(relative).normalize();
                if (!file.startsWith(folder)) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (OutputStream out = Files.newOutputStream(file)) {
                    repository.open(tree.getObjectId(0)).copyTo(out);
                }
                written++;
            }
        }
        return written;
    }

    private static ObjectId resolve(Repository repository, String revision) throws IOException {
        for (String candidate : new String[] {
            "refs/tags/" + revision + "^{commit}", "refs/heads/" + revision + "^{commit}", revision + "^{commit}"
        }) {
            try {
                ObjectId found = repository.resolve(candidate);
                if (found != null) {
                    return found;
                }
            } catch (RevisionSyntaxException e) {
                // not a name git can read; try the next form
            }
        }
        return null;
    }
}
