package io.weir.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

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
    static final ArchRule coreUsesNoJavaUtilLogging = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("java.util.logging..")
            .as("weir-core must log through SLF4J and never through java.util.logging, so one configuration"
                    + " controls every log line.");

    @ArchTest
    static final ArchRule coreNeverExitsTheJvm = noClasses()
            .should()
            .callMethod(System.class, "exit", int.class)
            .orShould()
            .callMethod(Runtime.class, "exit", int.class)
            .orShould()
            .callMethod(Runtime.class, "halt", int.class)
            .as("weir-core must not exit the JVM, because only io.weir.cli.Main decides the process's exit status.");

    @ArchTest
    static final ArchRule corePackagesAreNamedByFeature = classes()
            .should()
            .resideOutsideOfPackages(
                    "..service..",
                    "..services..",
                    "..util..",
                    "..utils..",
                    "..helper..",
                    "..helpers..",
                    "..common..",
                    "..misc..",
                    "..manager..",
                    "..impl..")
            .as("weir-core packages must be named by feature (dag, schedule, state), never by kind such as"
                    + " services, util or utils.");
}
