package io.weir.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.weir.core.testing.ModuleRules;

/** weir-store sits below the engine and the CLI, and its repository interfaces are the same for H2 and PostgreSQL. */
@AnalyzeClasses(packages = "io.weir.store", importOptions = ImportOption.DoNotIncludeTests.class)
class StoreArchitectureTest {

    @ArchTest
    static final ArchRule storeDependsOnNoHigherModule = noClasses()
            .that()
            .resideInAPackage("io.weir.store..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.weir.engine..", "io.weir.cli..", "picocli..")
            .as("weir-store must not depend on weir-engine, weir-cli or picocli, because the engine, the CLI and"
                    + " the web server all build on it.");

    @ArchTest
    static final ArchRule repositoryContractsHideJdbi = noClasses()
            .that()
            .resideInAPackage("io.weir.store")
            .and()
            .doNotHaveFullyQualifiedName(MetadataStore.class.getName())
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.jdbi..", "java.sql..", "javax.sql..", "org.flywaydb..", "com.zaxxer.hikari..")
            .as("The records and repository interfaces in io.weir.store must not expose JDBI, JDBC, Flyway or"
                    + " Hikari types, so callers stay the same on every backend; keep those in io.weir.store.jdbi"
                    + " or MetadataStore.");

    @ArchTest
    static final ArchRule storeUsesNoJavaUtilLogging = ModuleRules.usesNoJavaUtilLogging("weir-store");

    @ArchTest
    static final ArchRule storeNeverExitsTheJvm = ModuleRules.neverExitsTheJvm("weir-store");

    @ArchTest
    static final ArchRule storePackagesAreNamedByFeature = ModuleRules.packagesAreNamedByFeature("weir-store");

    @ArchTest
    static final ArchRule storePackagesAreFreeOfCycles =
            ModuleRules.packagesAreFreeOfCycles("weir-store", "io.weir.store");
}
