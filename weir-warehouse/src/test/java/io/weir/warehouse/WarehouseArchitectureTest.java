package io.weir.warehouse;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.weir.core.testing.ModuleRules;

/** weir-warehouse serves extract and transform alike, so it knows nothing of them, nor of the scheduler. */
@AnalyzeClasses(packages = "io.weir.warehouse", importOptions = ImportOption.DoNotIncludeTests.class)
class WarehouseArchitectureTest {

    @ArchTest
    static final ArchRule warehouseDependsOnlyOnCore = noClasses()
            .that()
            .resideInAPackage("io.weir.warehouse..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.weir.store..", "io.weir.engine..", "io.weir.transform..", "io.weir.extract..", "io.weir.cli..")
            .as("weir-warehouse may depend on weir-core only, because extract, transform and the CLI all build on"
                    + " it.");

    @ArchTest
    static final ArchRule warehouseUsesNoJavaUtilLogging = ModuleRules.usesNoJavaUtilLogging("weir-warehouse");

    @ArchTest
    static final ArchRule warehouseNeverExitsTheJvm = ModuleRules.neverExitsTheJvm("weir-warehouse");

    @ArchTest
    static final ArchRule warehousePackagesAreNamedByFeature = ModuleRules.packagesAreNamedByFeature("weir-warehouse");

    @ArchTest
    static final ArchRule warehousePackagesAreFreeOfCycles =
            ModuleRules.packagesAreFreeOfCycles("weir-warehouse", "io.weir.warehouse");
}
