package io.weir.governance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.weir.core.testing.ModuleRules;

/** weir-governance builds on core and the warehouse only; the engine reaches it through the task-type SPI. */
@AnalyzeClasses(packages = "io.weir.governance", importOptions = ImportOption.DoNotIncludeTests.class)
class GovernanceArchitectureTest {

    @ArchTest
    static final ArchRule governanceDependsOnlyOnCoreAndWarehouse = noClasses()
            .that()
            .resideInAPackage("io.weir.governance..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.weir.store..", "io.weir.engine..", "io.weir.transform..", "io.weir.extract..", "io.weir.cli..")
            .as("weir-governance may depend on weir-core and weir-warehouse only; the scheduler runs its task types"
                    + " through the TaskType SPI.");

    @ArchTest
    static final ArchRule governanceUsesNoJavaUtilLogging = ModuleRules.usesNoJavaUtilLogging("weir-governance");

    @ArchTest
    static final ArchRule governanceNeverExitsTheJvm = ModuleRules.neverExitsTheJvm("weir-governance");

    @ArchTest
    static final ArchRule governancePackagesAreNamedByFeature =
            ModuleRules.packagesAreNamedByFeature("weir-governance");

    @ArchTest
    static final ArchRule governancePackagesAreFreeOfCycles =
            ModuleRules.packagesAreFreeOfCycles("weir-governance", "io.weir.governance");
}
