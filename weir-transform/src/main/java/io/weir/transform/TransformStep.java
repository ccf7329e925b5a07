package io.weir.transform;

import io.weir.transform.project.ResourceType;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The transform commands that build nodes, and which kinds of node each builds. */
public enum TransformStep {
    SEED(EnumSet.of(ResourceType.SEED)),
    RUN(EnumSet.of(ResourceType.MODEL)),
    TEST(EnumSet.of(ResourceType.TEST)),
    SNAPSHOT(EnumSet.of(ResourceType.SNAPSHOT)),
    BUILD(EnumSet.of(ResourceType.SEED, ResourceType.MODEL, ResourceType.SNAPSHOT, ResourceType.TEST));

    private final Set<ResourceType> types;

    TransformStep(Set<ResourceType> types) {
        this.types = types;
    }

    public Set<ResourceType> types() {
        return EnumSet.copyOf(types);
    }

    /** {@code seed}, {@code run}, ... as the CLI and the task types ({@code transform.run}) name it. */
    public String commandName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
