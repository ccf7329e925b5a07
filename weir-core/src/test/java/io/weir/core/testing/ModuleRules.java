package io.weir.core.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
}
