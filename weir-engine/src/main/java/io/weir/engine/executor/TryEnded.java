package io.weir.engine.executor;

import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.util.Optional;

/**
 * A try ended, whoever ran it: {@code instance} is the instance as recorded, empty when its end was not recorded
 * (it was cleared, marked or recovered meanwhile, or never claimed).
 */
public record TryEnded(TaskKey key, DagRunRecord run, Optional<TaskInstanceRecord> instance) {}
