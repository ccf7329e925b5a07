package io.weir.governance.plan;

import java.util.List;

/**
 * The statements that make the warehouse match a spec, and those already in place.
 *
 * @param steps every statement in the order it runs; those in place are kept for {@code --dry} and {@code --diff}
 * @param notes one sentence per part of the spec not applied, and why
 * @param unlisted privileges already in place whose statements were not listed (only {@code --dry} and
 *     {@code --diff} print those, so a plain run does not spend time writing them)
 */
public record Plan(List<Step> steps, List<String> notes, int unlisted) {
    public Plan {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
        if (unlisted < 0) {
            throw new IllegalArgumentException("unlisted must not be negative: " + unlisted);
        }
    }

    /** The statements to run. */
    public List<Step> toRun() {
        return steps.stream().filter(step -> !step.inPlace()).toList();
    }

    public boolean changesNothing() {
        return toRun().isEmpty();
    }

    public int granted() {
        return sum(false, true);
    }

    public int revoked() {
        return steps.stream()
                .filter(step -> !step.inPlace() && step.revokes())
                .mapToInt(Step::privileges)
                .sum();
    }

    /** Privileges and memberships the spec asks for that are already there. */
    public int unchanged() {
        return sum(true, true) + unlisted;
    }

    public int rolesCreated() {
        return (int) steps.stream()
                .filter(step -> !step.inPlace() && step.action() == Step.Action.CREATE_ROLE)
                .count();
    }

    public int ownersChanged() {
        return (int) steps.stream()
                .filter(step -> !step.inPlace() && step.action() == Step.Action.ALTER_OWNER)
                .count();
    }

    private int sum(boolean inPlace, boolean grants) {
        return steps.stream()
                .filter(step -> step.inPlace() == inPlace && step.grants() == grants)
                .mapToInt(Step::privileges)
                .sum();
    }
}
