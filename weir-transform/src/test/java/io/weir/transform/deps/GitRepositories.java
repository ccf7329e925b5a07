package io.weir.transform.deps;

import io.weir.transform.compile.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/** Bare git repositories made in a test, served by path as a package's {@code git:} URL. */
final class GitRepositories {
    private final Path work;
    private final Git git;

    private GitRepositories(Path work, Git git) {
        this.work = work;
        this.git = git;
    }

    static GitRepositories create(Path dir) throws GitAPIException {
        Path work = dir.resolve("work");
        return new GitRepositories(
                work,
                Git.init().setDirectory(work.toFile()).setInitialBranch("main").call());
    }

    /** Writes the files and commits them, giving the commit's id. */
    String commit(Map<String, String> files, String message) throws GitAPIException {
        files.forEach((path, text) -> Fixtures.write(work, path, text));
        git.add().addFilepattern(".").call();
        RevCommit commit = git.commit()
                .setMessage(message)
                .setAuthor("Weir test", "test@weir.invalid")
                .setCommitter("Weir test", "test@weir.invalid")
                .setSign(false)
                .call();
        return commit.getId().name();
    }

    void tag(String name) throws GitAPIException {
        git.tag()
                .setName(name)
                .setAnnotated(true)
                .setMessage(name)
                .setSigned(false)
                .call();
    }

    /** A bare copy of the repository as it is now, at {@code dir}; its URL. */
    String bare(Path dir) throws GitAPIException {
        try (Git bare = Git.cloneRepository()
                .setURI(work.toUri().toString())
                .setDirectory(dir.toFile())
                .setBare(true)
                .setCloneAllBranches(true)
                .call()) {
            return dir.toUri().toString();
        }
    }

    /** Pushes the branches and tags to the repository at {@code url}. */
    void push(String url) throws GitAPIException {
        git.push().setRemote(url).setPushAll().setPushTags().call();
    }

    void close() {
        git.close();
    }
}
