package io.weir.web;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.weir.core.testing.ModuleRules;

/** weir-web's feature packages (api, auth, ui, metrics) stand on their own. */
@AnalyzeClasses(packages = "io.weir.web", importOptions = ImportOption.DoNotIncludeTests.class)
class WebArchitectureTest {

    @ArchTest
    static final ArchRule webPackagesAreFreeOfCycles = ModuleRules.packagesAreFreeOfCycles("weir-web", "io.weir.web");
}
