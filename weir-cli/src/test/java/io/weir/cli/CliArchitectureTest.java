package io.weir.cli;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.weir.core.testing.ModuleRules;

/** weir-cli's command packages stand on their own, sharing only what the root package and output give them. */
@AnalyzeClasses(packages = "io.weir.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class CliArchitectureTest {

    @ArchTest
    static final ArchRule cliPackagesAreFreeOfCycles = ModuleRules.packagesAreFreeOfCycles("weir-cli", "io.weir.cli");
}
