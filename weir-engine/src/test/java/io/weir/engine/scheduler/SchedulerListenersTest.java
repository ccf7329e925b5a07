package io.weir.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.dag.DagFileError;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerListenersTest {
    /** Writes down what it hears, prefixed with its name. */
    private record Recorder(String name, List<String> heard) implements SchedulerListener {
        @Override
        public void taskFinished(TaskInstanceRecord instance) {
            heard.add(name + " finished");
        }

        @Override
        public void taskDecided(TaskInstanceRecord instance) {
            heard.add(name + " decided");
        }

        @Override
        public void runFinished(DagRunRecord run) {
            heard.add(name + " run");
        }

        @Override
        public void importErrorsChanged(List<DagFileError> errors) {
            heard.add(name + " errors " + errors.size());
        }
    }

    @Test
    void everySubscriberHearsEveryEventInOrder() {
        List<String> heard = new ArrayList<>();
        SchedulerListener both =
                SchedulerListeners.fanOut(List.of(new Recorder("console", heard), new Recorder("metrics", heard)));
        both.taskFinished(null);
        both.taskDecided(null);
        both.runFinished(null);
        both.importErrorsChanged(List.of());
        assertThat(heard)
                .containsExactly(
                        "console finished",
                        "metrics finished",
                        "console decided",
                        "metrics decided",
                        "console run",
                        "metrics run",
                        "console errors 0",
                        "metrics errors 0");
    }
}
