package io.weir.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.weir.core.testing.ModuleRules;

/** weir-engine runs under the CLI and the web server alike and reaches the metadata database only through weir-store. */
@AnalyzeClasses(packages = "io.weir.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {

    @ArchTest
    static final ArchRule engineDependsOnNoCli = noClasses()
            .that()
            .resideInAPackage("io.weir.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.weir.cli..", "picocli..")
            .as("weir-engine must not depend on weir-cli or picocli, because the web server and tests run the"
                    + " engine without a command line.");

    @ArchTest
    static final ArchRule engineReachesTheDatabaseThroughTheStore = noClasses()
            .that()
            .resideInAPackage("io.weir.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "java.sql..",
                    "javax.sql..",
                    "org.jdbi..",
                    "org.flywaydb..",
                    "com.zaxxer.hikari..",
                    "org.h2..",
                    "org.postgresql..")
            .as("weir-engine must reach the metadata database only through weir-store's repositories, so one"
                    + " engine code path serves H2 and PostgreSQL; add the query to weir-store instead.");

    @ArchTest
    static final ArchRule engineKnowsTaskTypesOnlyThroughTheSpi = noClasses()
            .that()
            .resideInAPackage("io.weir.engine..")
            .and()
            .resideOutsideOfPackages("io.weir.engine.task..", "io.weir.engine.bench..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.weir.engine.task..")
            .as("The scheduler, executors and runner must know task types only through the TaskType SPI and"
                    + " ServiceLoader, so adding a task type never touches them.");

    @ArchTest
    static final ArchRule engineUsesNoJavaUtilLogging = ModuleRules.usesNoJavaUtilLogging("weir-engine");

    @ArchTest
    static final ArchRule engineNeverExitsTheJvm = ModuleRules.neverExitsTheJvm("weir-engine");

    @ArchTest
    static final ArchRule enginePackagesAreNamedByFeature = ModuleRules.packagesAreNamedByFeature("weir-engine");

    @ArchTest
    static final ArchRule enginePackagesAreFreeOfCycles =
            ModuleRules.packagesAreFreeOfCycles("weir-engine", "io.weir.engine");

    @ArchTest
    static final ArchRule schedulerDoesNotKnowTheLocalExecutor = noClasses()
            .that()
            .resideInAPackage("io.weir.engine.scheduler..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.weir.engine.local..", "io.weir.engine.runner..")
            .as("The scheduler must know executors only through io.weir.engine.executor.Executor, so workers on"
                    + " other machines and Kubernetes pods plug in without touching it.");
}
