package io.weir.transform.task;

import io.weir.transform.TransformStep;

/** One task type per transform step, as {@link java.util.ServiceLoader} finds them. */
public final class TransformTaskTypes {
    private TransformTaskTypes() {}

    /** {@code transform.run}: builds the selected models. */
    public static final class Run extends TransformTaskType {
        public Run() {
            super(TransformStep.RUN);
        }
    }

    /** {@code transform.test}: runs the selected data tests. */
    public static final class Test extends TransformTaskType {
        public Test() {
            super(TransformStep.TEST);
        }
    }

    /** {@code transform.seed}: loads the project's seed files. */
    public static final class Seed extends TransformTaskType {
        public Seed() {
            super(TransformStep.SEED);
        }
    }

    /** {@code transform.snapshot}: records changes of the selected snapshots' sources. */
    public static final class Snapshot extends TransformTaskType {
        public Snapshot() {
            super(TransformStep.SNAPSHOT);
        }
    }

    /** {@code transform.build}: seeds, models, snapshots and tests in dependency order. */
    public static final class Build extends TransformTaskType {
        public Build() {
            super(TransformStep.BUILD);
        }
    }
}
