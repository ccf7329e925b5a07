package io.weir.core.state;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/** The result of applying an event: the instance's next state and the effects that go with it. */
public record TaskTransition(InstanceState next, Set<TaskEffect> effects) {
    public TaskTransition {
        requireNonNull(next, "next is null");
        effects = Set.copyOf(effects);
    }

    public boolean has(TaskEffect effect) {
        return effects.contains(effect);
    }
}
