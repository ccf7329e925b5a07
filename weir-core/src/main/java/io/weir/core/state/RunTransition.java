package io.weir.core.state;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/** The result of applying an event to a run: its next status and the effects that go with it. */
public record RunTransition(RunStatus next, Set<RunEffect> effects) {
    public RunTransition {
        requireNonNull(next, "next is null");
        effects = Set.copyOf(effects);
    }

    public boolean has(RunEffect effect) {
        return effects.contains(effect);
    }
}
