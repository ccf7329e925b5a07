package io.weir.extract;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.weir.core.testing.ModuleRules;

/** weir-extract builds on core and warehouse only: the engine runs its task types through the SPI. */
@AnalyzeClasses(packages = "io.weir.extract", importOptions = ImportOption.DoNotIncludeTests.class)
class ExtractArchitectureTest {

    @ArchTest
    static final ArchRule extractDependsOnlyOnCoreAndWarehouse = noClasses()
            .that()
            .resideInAPackage("io.weir.extract..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.weir.store..", "io.weir.engine..", "io.weir.transform..", "io.weir.cli..")
            .as("weir-extract may depend on weir-core and weir-warehouse only.");

    @ArchTest
    static final ArchRule extractUsesNoJavaUtilLogging = ModuleRules.usesNoJavaUtilLogging("weir-extract");

    @ArchTest
    static final ArchRule extractNeverExitsTheJvm = ModuleRules.neverExitsTheJvm("weir-extract");

    @ArchTest
    static final ArchRule extractPackagesAreNamedByFeature = ModuleRules.packagesAreNamedByFeature("weir-extract");

    @ArchTest
    static final ArchRule extractPackagesAreFreeOfCycles =
            ModuleRules.packagesAreFreeOfCycles("weir-extract", "io.weir.extract");
}
