package io.weir.engine.scheduler;

import io.weir.engine.executor.TaskKey;
import java.util.Collection;

/**
 * Acts on the effects of the transitions an operator's change wrote (a clear, a mark), once it has committed: the try
 * an instance was taken from stops, and its run is decided again. A scheduler in the same process acts on them at
 * once; one in another process notices the same changes at its next sweep.
 */
public interface ChangeEffects {
    /** The instance was taken from its running try (STOP_TRY): the try stops if it runs here. */
    void stopTry(TaskKey key, String reason);

    /** The run's instances changed (DECIDE_RUN): it is decided again. */
    void decideRun(long runId);

    /** Tells each of {@code targets} as it is when told (a live collection may grow). */
    static ChangeEffects toEach(Collection<? extends ChangeEffects> targets) {
        return new ChangeEffects() {
            @Override
            public void stopTry(TaskKey key, String reason) {
                targets.forEach(target -> target.stopTry(key, reason));
            }

            @Override
            public void decideRun(long runId) {
                targets.forEach(target -> target.decideRun(runId));
            }
        };
    }

    ChangeEffects NONE = new ChangeEffects() {
        @Override
        public void stopTry(TaskKey key, String reason) {}

        @Override
        public void decideRun(long runId) {}
    };
}
