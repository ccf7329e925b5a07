package io.weir.transform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.weir.core.testing.ModuleRules;

/** weir-transform plugs into the engine through the task-type SPI only, and reaches the warehouse through weir-warehouse. */
@AnalyzeClasses(packages = "io.weir.transform", importOptions = ImportOption.DoNotIncludeTests.class)
class TransformArchitectureTest {

    @ArchTest
    static final ArchRule transformDependsOnCoreAndWarehouseOnly = noClasses()
            .that()
            .resideInAPackage("io.weir.transform..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.weir.store..", "io.weir.engine..", "io.weir.extract..", "io.weir.cli..", "picocli..")
            .as("weir-transform may depend on weir-core and weir-warehouse only; the engine finds its task types"
                    + " through the TaskType SPI and the CLI calls it.");

    @ArchTest
    static final ArchRule transformUsesNoJavaUtilLogging = ModuleRules.usesNoJavaUtilLogging("weir-transform");

    @ArchTest
    static final ArchRule transformNeverExitsTheJvm = ModuleRules.neverExitsTheJvm("weir-transform");

    @ArchTest
    static final ArchRule transformPackagesAreNamedByFeature = ModuleRules.packagesAreNamedByFeature("weir-transform");

    @ArchTest
    static final ArchRule transformPackagesAreFreeOfCycles =
            ModuleRules.packagesAreFreeOfCycles("weir-transform", "io.weir.transform");
}
