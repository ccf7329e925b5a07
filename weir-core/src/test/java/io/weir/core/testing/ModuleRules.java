package io.weir.core.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/** Architecture rules every module follows; each module's architecture test applies them under its own name. */
public final class ModuleRules {
    private ModuleRules() {}

    public static ArchRule usesNoJavaUtilLogging(String module) {
        return noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.util.logging..")
                .as(module + " must log through SLF4J and never through java.util.logging, so one configuration"
                        + " controls every log line.");
    }

    public static ArchRule neverExitsTheJvm(String module) {
        return noClasses()
                .should()
                .callMethod(System.class, "exit", int.class)
                .orShould()
                .callMethod(Runtime.class, "exit", int.class)
                .orShould()
                .callMethod(Runtime.class, "halt", int.class)
                .as(module + " must not exit the JVM, because only io.weir.cli.Main decides the process's exit"
                        + " status.");
    }

    public static ArchRule packagesAreNamedByFeature(String module) {
        return classes()
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
                .as(module + " packages must be named by feature (dag, scheduler, jdbi), never by kind such as"
                        + " services, util or utils.");
    }

    /** No two feature packages under {@code rootPackage} depend on each other, directly or round a longer loop. */
    public static ArchRule packagesAreFreeOfCycles(String module, String rootPackage) {
        return slices().matching(rootPackage + ".(*)..")
                .should()
                .beFreeOfCycles()
                // A module of one package has no cycle yet; the rule waits for its second package.
                .allowEmptyShould(true)
                .as(module + " feature packages must not depend on each other in a cycle, so each can be read,"
                        + " tested and replaced on its own; move the shared type to the package both depend on.");
    }
}
