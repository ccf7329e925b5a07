package io.weir.transform.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.transform.Transform;
import io.weir.transform.TransformException;
import io.weir.transform.TransformOptions;
import io.weir.transform.TransformStep;
import io.weir.transform.compile.Fixtures;
import io.weir.transform.compile.TransformProject;
import io.weir.transform.run.RunReport;
import io.weir.transform.yaml.YamlFiles;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hub packages resolved and downloaded through a local fake of the hub's HTTP API. */
class HubPackagesTest {
    @TempDir
    Path temp;

    private FakeHub hub;
    private Path root;
    private final List<String> console = new ArrayList<>();

    @BeforeEach
    void hub() throws Exception {
        hub = FakeHub.start();
        for (String version : List.of("0.9.0", "1.0.0", "1.2.0", "1.3.0", "1.4.0-rc1", "2.0.0")) {
            hub.publish("acme/text_utils", version, textUtils(version), Map.of());
        }
        hub.publish(
                "acme/audit",
                "0.3.0",
                Map.of(
                        "dbt_project.yml", "name: audit\n",
                        "macros/audit.sql", "{% macro compare(a) %}{{ text_utils.loud(a) }} = {{ a }}{% endmacro %}\n"),
                Map.of("acme/text_utils", List.of(">=1.1.0", "<1.3.0")));
        root = temp.resolve("shop");
        Fixtures.write(root, "dbt_project.yml", "name: shop\nprofile: shop\n");
        Fixtures.write(root, "models/customers.sql", "select {{ text_utils.loud(\"'ada'\") }} as loud\n");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private static Map<String, String> textUtils(String version) {
        return Map.of(
                "dbt_project.yml", "name: text_utils\nversion: '" + version + "'\n",
                "macros/loud.sql", "{% macro loud(text) %}upper({{ text }}) /* " + version + " */{% endmacro %}\n");
    }

    private List<InstalledPackage> deps() {
        return new PackageInstaller(root, hub.env(), console::add).install();
    }

    private String compileCustomers() {
        TransformProject project = TransformProject.load(root, Fixtures.duckdb(temp), Map.of(), Map.of());
        return project.compile(project.manifest().nodes().get("model.shop.customers"), null, false);
    }

    private void packages(String yaml) {
        Fixtures.write(root, "packages.yml", "packages:\n" + yaml);
    }

    @Test
    void depsInstallsTheNewestReleaseTheRangeAllowsAndPinsItInTheLock() {
        packages("  - package: acme/text_utils\n    version: [\">=1.0.0\", \"<2.0.0\"]\n");

        List<InstalledPackage> installed = deps();

        assertThat(installed).extracting(InstalledPackage::name).containsExactly("text_utils");
        assertThat(root.resolve("dbt_packages/text_utils/macros/loud.sql"))
                .content()
                .contains("1.3.0");
        assertThat(compileCustomers()).isEqualTo("select upper('ada') /* 1.3.0 */ as loud\n");
        Map<String, Object> lock = YamlFiles.readMap(root.resolve("package-lock.yml"), "package-lock.yml");
        assertThat(lock.get("packages"))
                .isEqualTo(List.of(Map.of("package", "acme/text_utils", "version", "1.3.0", "name", "text_utils")));
    }

    @Test
    void anExactVersionAndACommaSeparatedRangeAreHonouredAndPrereleasesNeedToBeAskedFor() {
        packages("  - package: acme/text_utils\n    version: \"1.0.0\"\n");
        deps();
        assertThat(compileCustomers()).contains("/* 1.0.0 */");

        packages("  - package: acme/text_utils\n    version: \">0.9.0, <1.3.0\"\n");
        deps();
        assertThat(compileCustomers()).contains("/* 1.2.0 */");

        packages("  - package: acme/text_utils\n    version: \">=1.3.0, <2.0.0\"\n    install-prerelease: true\n");
        deps();
        assertThat(compileCustomers()).contains("/* 1.4.0-rc1 */");
    }

    @Test
    void aHubPackagesOwnDependenciesAreInstalledWithTheRangesIntersected() {
        packages("  - package: acme/text_utils\n    version: [\">=1.0.0\", \"<2.0.0\"]\n"
                + "  - package: acme/audit\n    version: 0.3.0\n");

        List<InstalledPackage> installed = deps();

        assertThat(installed).extracting(InstalledPackage::name).containsExactly("text_utils", "audit");
        assertThat(root.resolve("dbt_packages/text_utils/macros/loud.sql"))
                .content()
                .contains("1.2.0");
        assertThat(root.resolve("dbt_packages/audit/macros/audit.sql")).exists();
    }

    @Test
    void aLocalPackageMayListHubPackagesAndTheyAreResolvedWithTheRootsRanges() {
        Fixtures.write(temp, "helpers/dbt_project.yml", "name: helpers\n");
        Fixtures.write(
                temp, "helpers/packages.yml", "packages:\n  - package: acme/text_utils\n    version: \"<1.2.0\"\n");
        packages("  - local: ../helpers\n  - package: acme/text_utils\n    version: \">=0.9.0\"\n");

        deps();

        assertThat(root.resolve("dbt_packages/helpers/dbt_project.yml")).exists();
        assertThat(root.resolve("dbt_packages/text_utils/macros/loud.sql"))
                .content()
                .contains("1.0.0");
    }

    @Test
    void rangesNoVersionSatisfiesAreAnErrorNamingEveryRangeAndWhoAsks() {
        packages("  - package: acme/text_utils\n    version: \"1.0.0\"\n  - package: acme/audit\n    version: 0.3.0\n");

        assertThatThrownBy(this::deps)
                .isInstanceOf(TransformException.class)
                .hasMessage("The hub package acme/text_utils has no version that every range allows: [1.0.0] from"
                        + " packages.yml; [>=1.1.0, <1.3.0] from the hub package acme/audit 0.3.0 (the hub has 2.0.0,"
                        + " 1.3.0, 1.2.0, 1.0.0, 0.9.0); change the range in packages.yml or pin a version of the"
                        + " package that asks for the other");

        packages("  - package: acme/text_utils\n    version: \">=3.0.0\"\n");
        assertThatThrownBy(this::deps)
                .hasMessage("The hub package acme/text_utils has no version in [>=3.0.0] from packages.yml (the hub"
                        + " has 2.0.0, 1.3.0, 1.2.0, 1.0.0, 0.9.0); change the version range");
    }

    @Test
    void anUnknownPackageAnUnreadableRangeAndAnUnreachableHubAreNamed() {
        packages("  - package: acme/nothing\n    version: \"1.0.0\"\n");
        assertThatThrownBy(this::deps)
                .hasMessage("The dbt hub (" + hub.url() + ") has no package acme/nothing; check 'package:' in"
                        + " packages.yml (the hub spells it <organisation>/<name>, such as dbt-labs/dbt_utils)");

        packages("  - package: acme/text_utils\n    version: \"about 1\"\n");
        assertThatThrownBy(this::deps)
                .hasMessage("packages.yml packages[0]: 'about 1' is not a version or a range; write one such as"
                        + " \"1.1.1\" or [\">=1.0.0\", \"<2.0.0\"]");

        packages("  - package: acme/text_utils\n    version: \"1.0.0\"\n");
        hub.close();
        assertThatThrownBy(this::deps)
                .hasMessageStartingWith("Cannot reach the dbt hub for the versions of the hub package acme/text_utils"
                        + " (" + hub.url() + "api/v1/acme/text_utils.json): ")
                .hasMessageEndingWith("; check this machine's network, or set WEIR_DBT_HUB_URL to a hub it can reach");
    }

    @Test
    void depsInstallsTheLockedVersionsWhileThePackagesFileIsUnchanged() {
        packages("  - package: acme/text_utils\n    version: [\">=1.0.0\", \"<3.0.0\"]\n"
                + "  - package: acme/audit\n    version: 0.3.0\n");
        deps();
        assertThat(root.resolve("dbt_packages/text_utils/macros/loud.sql"))
                .content()
                .contains("1.2.0");

        hub.publish("acme/text_utils", "1.2.5", textUtils("1.2.5"), Map.of());
        console.clear();
        deps();
        assertThat(console).first().isEqualTo("Installing the versions pinned in package-lock.yml");
        assertThat(root.resolve("dbt_packages/text_utils/macros/loud.sql"))
                .content()
                .contains("1.2.0");
        assertThat(hub.requests()).noneMatch(path -> path.contains("1.2.5"));

        packages("  - package: acme/text_utils\n    version: [\">=1.0.0\", \"<3.0.0\"]\n"
                + "  - package: acme/audit\n    version: [\"0.3.0\"]\n");
        deps();
        assertThat(root.resolve("dbt_packages/text_utils/macros/loud.sql"))
                .content()
                .contains("1.2.5");
    }

    @Test
    void dependenciesYmlAnInstallPathAndAnOlderProjectsDbtModulesWork() throws Exception {
        Fixtures.write(root, "dependencies.yml", "packages:\n  - package: acme/text_utils\n    version: \"1.0.0\"\n");
        Fixtures.write(root, "dbt_project.yml", "name: shop\nprofile: shop\npackages-install-path: vendor\n");

        deps();

        assertThat(root.resolve("vendor/text_utils/macros/loud.sql")).exists();
        assertThat(root.resolve("dbt_packages")).doesNotExist();
        assertThat(compileCustomers()).contains("/* 1.0.0 */");

        Fixtures.write(root, "dbt_project.yml", "name: shop\nprofile: shop\n");
        Files.move(root.resolve("vendor"), root.resolve("dbt_modules"));
        assertThat(compileCustomers()).contains("/* 1.0.0 */");
    }

    @Test
    void aPackageThatRequiresAnotherDbtVersionStopsTheLoadNamingItsFile() {
        hub.publish(
                "acme/future",
                "3.0.0",
                Map.of("dbt_project.yml", "name: future\nversion: '3.0.0'\nrequire-dbt-version: \">=2.0.0\"\n"),
                Map.of());
        packages("  - package: acme/future\n    version: \"3.0.0\"\n");
        deps();

        assertThatThrownBy(this::compileCustomers)
                .hasMessageStartingWith(root.resolve("dbt_packages/future/dbt_project.yml") + " line 3:"
                        + " require-dbt-version [>=2.0.0] does not allow dbt 1.8.0");
    }

    @Test
    void aFailedDepsLeavesThePackagesInstalledBeforeAsTheyWere() {
        packages("  - package: acme/text_utils\n    version: \"1.0.0\"\n");
        deps();
        packages("  - package: acme/text_utils\n    version: \"1.2.0\"\n");
        hub.close();

        assertThatThrownBy(this::deps).hasMessageStartingWith("Cannot reach the dbt hub");

        assertThat(root.resolve("dbt_packages/text_utils/macros/loud.sql"))
                .content()
                .contains("1.0.0");
        assertThat(compileCustomers()).contains("/* 1.0.0 */");
        assertThat(root.toFile().list()).noneMatch(name -> name.startsWith(".weir-deps-"));
    }

    @Test
    void anInstalledProjectNeedsNoHubToRun() {
        packages("  - package: acme/text_utils\n    version: [\">=1.0.0\", \"<2.0.0\"]\n");
        deps();
        hub.close();

        TransformOptions options = new TransformOptions(
                root,
                null,
                null,
                List.of(),
                List.of(),
                false,
                Map.of(),
                1,
                false,
                Fixtures.duckdb(temp),
                null,
                null,
                null,
                hub.env());
        try (Transform transform = Transform.open(options)) {
            RunReport report = transform.execute(TransformStep.RUN, new PrintStream(OutputStream.nullOutputStream()));
            assertThat(report.success()).isTrue();
        }
        try (Warehouse warehouse = Warehouse.open(Fixtures.duckdb(temp));
                WarehouseSession session = warehouse.session()) {
            assertThat(session.query("select loud from main.customers").rows()).containsExactly(List.of("ADA"));
        }
    }
}
