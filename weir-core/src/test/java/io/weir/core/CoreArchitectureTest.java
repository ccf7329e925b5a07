package io.weir.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.weir.core.testing.ModuleRules;

/** weir-core is the pure logic every other module and every task-type plugin loads, so it stays free of I/O stacks. */
@AnalyzeClasses(packages = "io.weir.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule coreUsesNoDatabaseHttpOrCliLibrary = noClasses()
            .that()
            .resideInAPackage("io.weir.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "java.sql..",
                    "javax.sql..",
                    "org.jdbi..",
                    "org.flywaydb..",
                    "com.zaxxer.hikari..",
                    "org.h2..",
                    "org.postgresql..",
                    "java.net.http..",
                    "com.sun.net.httpserver..",
                    "io.javalin..",
                    "org.eclipse.jetty..",
                    "okhttp3..",
                    "org.apache.hc..",
                    "org.apache.http..",
                    "picocli..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.net.HttpURLConnection")
            .as("weir-core must not use a database, JDBC, HTTP or command-line library, because it is pure logic"
                    + " that the store, the engine and every task-type plugin load.");

    @ArchTest
    static final ArchRule coreDependsOnNoOtherWeirModule = noClasses()
            .that()
            .resideInAPackage("io.weir.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.weir.store..", "io.weir.engine..", "io.weir.cli..")
            .as(
                    "weir-core must not depend on weir-store, weir-engine or weir-cli, because every module depends on it.");

    @ArchTest
    static final ArchRule coreUsesNoJavaUtilLogging = ModuleRules.usesNoJavaUtilLogging("weir-core");

    @ArchTest
    static final ArchRule coreNeverExitsTheJvm = ModuleRules.neverExitsTheJvm("weir-core");

    @ArchTest
    static final ArchRule corePackagesAreNamedByFeature = ModuleRules.packagesAreNamedByFeature("weir-core");

    @ArchTest
    static final ArchRule corePackagesAreFreeOfCycles =
            ModuleRules.packagesAreFreeOfCycles("weir-core", "io.weir.core");
}
