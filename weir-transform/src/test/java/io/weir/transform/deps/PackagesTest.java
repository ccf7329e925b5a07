package io.weir.transform.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.transform.TransformException;
import io.weir.transform.compile.Fixtures;
import io.weir.transform.compile.TransformProject;
import io.weir.transform.yaml.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A root project with a local package and a git package (a bare repository made here), installed by deps. */
class PackagesTest {
    @TempDir
    Path temp;

    private Path root;
    private String gitUrl;
    private String v1Commit;
    private final List<String> console = new ArrayList<>();

    @BeforeEach
    void packages() throws Exception {
        root = temp.resolve("shop");
        Fixtures.write(
                temp,
                "helpers/dbt_project.yml",
                "name: helpers\nversion: '1.0.0'\nconfig-version: 2\nprofile: helpers\n");
        Fixtures.write(
                temp,
                "helpers/macros/strings.sql",
                """
                {% macro shout(text) %}upper({{ text }}){% endmacro %}

                {% macro wrapped(text) %}({{ shout(text) }}){% endmacro %}

                {% macro concat_all(columns) -%}
                  {{ return(adapter.dispatch('concat_all', 'helpers')(columns)) }}
                {%- endmacro %}

                {% macro default__concat_all(columns) %}{{ columns | join(' || ') }}{% endmacro %}
                """);
        GitRepositories repository = GitRepositories.create(temp.resolve("repo"));
        v1Commit = repository.commit(
                Map.of(
                        "packages/greeter/dbt_project.yml", "name: greeter\nprofile: greeter\n",
                        "packages/greeter/macros/greet.sql",
                                "{% macro greet(who) %}'hello ' || {{ helpers_free(who) }}{% endmacro %}\n"
                                        + "{% macro helpers_free(who) %}{{ who }}{% endmacro %}\n",
                        "README.md", "greeter\n"),
                "greeter 1.0.0");
        repository.tag("1.0.0");
        repository.commit(
                Map.of("packages/greeter/macros/greet.sql", "{% macro greet(who) %}'bye'{% endmacro %}\n"),
                "greeter 2.0.0");
        gitUrl = repository.bare(temp.resolve("greeter.git"));
        repository.close();
        Fixtures.write(root, "dbt_project.yml", "name: shop\nprofile: shop\n");
        Fixtures.write(
                root,
                "packages.yml",
                "packages:\n  - local: ../helpers\n  - git: \"" + gitUrl + "\"\n    revision: 1.0.0\n"
                        + "    subdirectory: packages/greeter\n");
        Fixtures.write(
                root,
                "models/customers.sql",
                "select {{ helpers.wrapped('name') }} as loud, {{ greeter.greet('name') }} as greeting,\n"
                        + "  {{ helpers.concat_all(['first', 'last']) }} as full_name\nfrom people");
    }

    private TransformProject load() {
        return TransformProject.load(root, Fixtures.duckdb(temp), Map.of(), Map.of());
    }

    /** Loads the project and compiles each node, as {@code weir transform compile} does; the first error is thrown. */
    private void compileAll() {
        TransformProject project = load();
        project.manifest().nodes().values().forEach(node -> project.compile(node, null, false));
    }

    private String compileCustomers() {
        TransformProject project = load();
        return project.compile(project.manifest().nodes().get("model.shop.customers"), null, false);
    }

    private List<InstalledPackage> deps() {
        return new PackageInstaller(root, Map.of(), console::add).install();
    }

    @Test
    void listedPackagesThatAreNotInstalledSayToRunDeps() {
        assertThatThrownBy(this::compileAll)
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("Compilation error in model customers (models/customers.sql), line 1: ")
                .hasMessageContaining("'helpers' is the package local: ../helpers, which is not installed; run"
                        + " `weir transform deps`");
    }

    @Test
    void depsInstallsLocalAndGitPackagesAtTheirRevisionAndWritesTheLock() {
        List<InstalledPackage> installed = deps();
        assertThat(installed).extracting(InstalledPackage::name).containsExactly("helpers", "greeter");
        assertThat(installed.get(1).commit()).isEqualTo(v1Commit);
        assertThat(root.resolve("dbt_packages/helpers/macros/strings.sql")).exists();
        assertThat(root.resolve("dbt_packages/greeter/macros/greet.sql")).exists();
        assertThat(root.resolve("dbt_packages/greeter/.git")).doesNotExist();
        assertThat(root.resolve("dbt_packages/greeter/README.md")).doesNotExist();
        Map<String, Object> lock = YamlFiles.readMap(root.resolve("package-lock.yml"), "package-lock.yml");
        assertThat(lock.get("packages"))
                .isEqualTo(List.of(
                        Map.of("local", "../helpers", "name", "helpers"),
                        Map.of(
                                "git",
                                gitUrl,
                                "revision",
                                v1Commit,
                                "subdirectory",
                                "packages/greeter",
                                "name",
                                "greeter")));
        assertThat(lock.get("sha1_hash").toString()).hasSize(40);
        assertThat(console).anyMatch(line -> line.startsWith("Installed greeter (git: " + gitUrl));
    }

    @Test
    void depsInstallsTheLockedCommitOfABranchUntilThePackagesFileChanges() throws Exception {
        GitRepositories repository = GitRepositories.create(temp.resolve("moving"));
        String first = repository.commit(
                Map.of("dbt_project.yml", "name: moving\n", "macros/m.sql", "{% macro m() %}1{% endmacro %}\n"),
                "first");
        String url = repository.bare(temp.resolve("moving.git"));
        Fixtures.write(root, "packages.yml", "packages:\n  - git: \"" + url + "\"\n    revision: main\n");
        assertThat(deps()).extracting(InstalledPackage::commit).containsExactly(first);

        String second = repository.commit(Map.of("macros/m.sql", "{% macro m() %}2{% endmacro %}\n"), "second");
        repository.push(url);
        repository.close();
        assertThat(deps()).extracting(InstalledPackage::commit).containsExactly(first);
        assertThat(root.resolve("dbt_packages/moving/macros/m.sql")).content().contains("1");

        Fixtures.write(root, "packages.yml", "packages:\n  - git: \"" + url + "\"\n    revision: main # moves\n");
        assertThat(deps()).extracting(InstalledPackage::commit).containsExactly(second);
        assertThat(root.resolve("dbt_packages/moving/macros/m.sql")).content().contains("2");
    }

    @Test
    void packageMacrosAreNamespacedUnprefixedInsideTheirPackageAndDispatchedRootFirst() {
        deps();
        assertThat(compileCustomers())
                .isEqualTo("select (upper(name)) as loud, 'hello ' || name as greeting,\n"
                        + "  first || last as full_name\nfrom people");

        Fixtures.write(
                root,
                "macros/overrides.sql",
                "{% macro duckdb__concat_all(columns) %}concat({{ columns | join(', ') }}){% endmacro %}\n");
        assertThat(compileCustomers()).contains("concat(first, last) as full_name");

        Fixtures.write(
                root,
                "dbt_project.yml",
                "name: shop\nprofile: shop\ndispatch:\n  - macro_namespace: helpers\n    search_order: [helpers]\n");
        assertThat(compileCustomers()).contains("first || last as full_name");
    }

    @Test
    void aPackageMacroIsNotCallableUnprefixedFromTheRootProject() {
        deps();
        Fixtures.write(root, "models/customers.sql", "select {{ shout('name') }} as loud from people");
        assertThatThrownBy(this::compileAll).hasMessageContaining("'shout' is undefined");
    }

    @Test
    void aMissingRevisionOrSubdirectoryIsNamedAndAnUnpinnedPackageWarns() throws Exception {
        Fixtures.write(root, "packages.yml", "packages:\n  - git: \"" + gitUrl + "\"\n    revision: 9.9.9\n");
        assertThatThrownBy(this::deps)
                .hasMessage("The git package " + gitUrl + " has no revision '9.9.9' (no tag, branch or commit of"
                        + " that name); fix 'revision:' in packages.yml");
        Fixtures.write(root, "packages.yml", "packages:\n  - git: \"" + gitUrl + "\"\n    subdirectory: nowhere\n");
        assertThatThrownBy(this::deps).hasMessageContaining("has no folder 'nowhere'");
        assertThat(console).anyMatch(line -> line.contains("is not pinned to a revision"));

        Fixtures.write(root, "packages.yml", "packages:\n  - git: \"" + gitUrl + "\"\n    rev: 1.0.0\n");
        assertThatThrownBy(this::deps)
                .hasMessage("packages.yml packages[0]: unknown key 'rev'; allowed here: git, revision, subdirectory,"
                        + " warn-unpinned");
        assertThat(Files.exists(root.resolve("dbt_packages"))).isFalse();
    }
}
