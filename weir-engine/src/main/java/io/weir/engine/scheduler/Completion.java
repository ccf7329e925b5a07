package io.weir.engine.scheduler;

import io.weir.core.dag.Dag;
import io.weir.core.state.DagRunState;
import io.weir.core.state.TaskState;
import io.weir.engine.EngineServices;
import io.weir.engine.dagbag.DagBag;
import io.weir.engine.executor.Dispatch;
import io.weir.engine.executor.FinishHook;
import io.weir.engine.executor.FollowUps;
import io.weir.engine.executor.TaskKey;
import io.weir.engine.executor.TryClaims;
import io.weir.engine.executor.TryEnded;
import io.weir.engine.executor.TryEvents;
import io.weir.engine.executor.TryResult;
import io.weir.store.DagRunRecord;
import io.weir.store.MetadataSession;
import io.weir.store.TaskInstanceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What happens when a try ends, whoever ran it: the end reaches the scheduler as a {@link TryEnded} event, the run is
 * marked for the loop to decide, and a worker that became free is filled from the backlog. An executor that records
 * ends on this host may also use the {@link FollowUps} offer: in the try's own transaction the run is decided at once
 * and a downstream instance that became ready is claimed for the same worker, so it starts without waiting for the
 * loop; the end event that follows then only settles what that transaction did. Other ready instances go to the
 * backlog. When the run is locked by someone else, the loop decides it.
 */
final class Completion implements TryEvents, FollowUps {
    private final EngineServices services;
    private final DagBag dagBag;
    private final SchedulerState state;
    private final Dispatcher dispatcher;
    private final RunDecider decider;
    private final SchedulerListener listener;
    private final TryClaims claims;
    private final Map<String, Set<String>> leavesByDag = new ConcurrentHashMap<>();
    /** The hooks of tries whose end was written here and is about to be reported, by instance. */
    private final Map<TaskKey, FollowUpHook> settledHooks = new ConcurrentHashMap<>();

    Completion(
            EngineServices services,
            DagBag dagBag,
            SchedulerState state,
            Dispatcher dispatcher,
            RunDecider decider,
            SchedulerListener listener) {
        this.services = services;
        this.dagBag = dagBag;
        this.state = state;
        this.dispatcher = dispatcher;
        this.decider = decider;
        this.listener = listener;
        this.claims = new TryClaims(services.hostname());
    }

    @Override
    public FinishHook hookFor(Dispatch dispatch) {
        return new FollowUpHook(dispatch.run(), TaskKey.of(dispatch.instance()));
    }

    @Override
    public void ended(TryEnded finished) {
        // First: an instance its own try scheduled again (a retry without delay) may be handed out at once.
        dispatcher.tryEnded(finished.key());
        finished.instance().ifPresent(listener::taskFinished);
        boolean dirty = true;
        boolean deferred = false;
        FollowUpHook followUp = settledHooks.remove(finished.key());
        if (followUp != null) {
            TryResult result = followUp.result;
            // The claims made in the finishing transaction: committed, the database counts them now.
            followUp.reserved.forEach(dispatcher::claimSettled);
            if (result.hookCommitted()) {
                followUp.afterCommit.forEach(Runnable::run);
                dirty = followUp.dirty;
                deferred = followUp.deferred;
            } else {
                followUp.reserved.forEach(dispatcher::tryEnded);
                if (followUp.fromBacklog != null) {
                    // The instance it took from the backlog was not claimed after all: it waits again.
                    dispatcher.addToBacklog(List.of(followUp.fromBacklog));
                }
            }
            result.next().ifPresent(next -> dispatcher.tryStarted(next.run().id()));
        }
        // The last try of a run to end here decides it when it left that to others still in flight.
        if (dispatcher.runTryEnded(finished.run().id()) == 0 && deferred) {
            dirty = true;
        }
        if (dirty) {
            state.markDirty(finished.run().id());
        }
    }

    @Override
    public void slotFreed() {
        // Let the loop hand the free worker the next instance waiting in the backlog.
        state.queueNeeded();
    }

    private final class FollowUpHook implements FinishHook {
        private final DagRunRecord run;
        private final TaskKey key;
        private final List<Runnable> afterCommit = new ArrayList<>();
        private final List<TaskKey> reserved = new ArrayList<>();
        private boolean dirty;
        private boolean deferred;
        private Dispatch fromBacklog;
        private TryResult result = TryResult.NOTHING;

        FollowUpHook(DagRunRecord run, TaskKey key) {
            this.run = run;
            this.key = key;
        }

        @Override
        public void claimSettled() {
            dispatcher.claimSettled(key);
        }

        @Override
        public void settled(TryResult tryResult) {
            // Kept for the end event that follows on the same thread.
            result = tryResult;
            settledHooks.put(key, this);
        }

        @Override
        public Optional<Dispatch> claimWithEnd(TaskInstanceRecord finished) {
            // Only where afterFinish would neither lock nor count: a leaf whose run others here still finish, and a
            // backlog head that no pool or max_active_tasks count limits, at its first try (no XComs to clear). It
            // is reserved here as claimFromBacklog reserves it; the runner writes the claim.
            if (!othersInFlight(run, finished)) {
                return Optional.empty();
            }
            Dispatch head = takeHead(
                    null, this, candidate -> candidate.instance().tryNumber() == 0 && !dispatcher.counted(candidate));
            if (head == null) {
                return Optional.empty();
            }
            dirty = false;
            deferred = true;
            return Optional.of(head);
        }

        @Override
        public void claimWritten(boolean claimed) {
            if (!claimed && fromBacklog != null) {
                untake(this);
            }
        }

        @Override
        public Optional<Dispatch> afterFinish(MetadataSession session, TaskInstanceRecord finished) {
            if (state.stopping()) {
                return Optional.empty();
            }
            afterCommit.clear();
            fromBacklog = null;
            FollowUp followUp = followUp(session, run, finished, afterCommit, reserved);
            dirty = followUp.dirty();
            deferred = followUp.deferred();
            if (followUp.next().isPresent()) {
                return followUp.next();
            }
            return claimFromBacklog(session, this);
        }
    }

    /**
     * The backlog's first instance, claimed in a finishing try's transaction for the same worker when every limit
     * allows it: it starts at once, without a trip through the loop or a transaction of its own.
     */
    private Optional<Dispatch> claimFromBacklog(MetadataSession session, FollowUpHook hook) {
        Dispatch head = takeHead(session, hook, candidate -> true);
        if (head == null) {
            return Optional.empty();
        }
        TaskInstanceRecord instance = head.instance();
        Optional<TaskInstanceRecord> running = claims.claimIn(
                session,
                instance,
                head.dag().task(instance.taskId()),
                state.jobId(),
                services.clock().instant());
        if (running.isEmpty()) {
            untake(hook);
            return Optional.empty();
        }
        return Optional.of(new Dispatch(head.dag(), head.run(), running.get()));
    }

    /** The backlog's first instance {@code eligible} accepts, reserved for the hook's worker; null when none. */
    private Dispatch takeHead(MetadataSession session, FollowUpHook hook, Predicate<Dispatch> eligible) {
        Dispatch head = dispatcher.takeHead(session, eligible);
        if (head != null) {
            hook.reserved.add(TaskKey.of(head.instance()));
            hook.fromBacklog = head;
        }
        return head;
    }

    /** Gives up the instance {@link #takeHead} reserved, whose claim was refused: cleared or marked meanwhile. */
    private void untake(FollowUpHook hook) {
        TaskKey key = TaskKey.of(hook.fromBacklog.instance());
        hook.reserved.remove(key);
        hook.fromBacklog = null;
        dispatcher.release(key);
    }

    /**
     * What a finishing try does next: the instance it claimed, whether the loop must decide the run, and whether it
     * left deciding the run to the last of its instances in flight here.
     */
    private record FollowUp(Optional<Dispatch> next, boolean dirty, boolean deferred) {
        static final FollowUp NOTHING = new FollowUp(Optional.empty(), false, false);
        static final FollowUp DIRTY = new FollowUp(Optional.empty(), true, false);
        static final FollowUp DEFERRED = new FollowUp(Optional.empty(), false, true);
    }

    private FollowUp followUp(
            MetadataSession session,
            DagRunRecord run,
            TaskInstanceRecord finished,
            List<Runnable> afterCommit,
            List<TaskKey> reserved) {
        if (othersInFlight(run, finished)) {
            // A leaf readies nothing, and its run cannot end while other instances of it run or wait here: no lock,
            // no count. The last try of the run to end marks it for the loop.
            return FollowUp.DEFERRED;
        }
        Optional<DagRunRecord> locked = session.runs().lock(run.id());
        if (locked.isEmpty()) {
            return FollowUp.DIRTY;
        }
        DagRunRecord current = locked.get();
        Dag dag = dagBag.find(current.dagId()).orElse(null);
        if (current.state() != DagRunState.RUNNING || !state.mayHandle(current) || dag == null) {
            return FollowUp.NOTHING;
        }
        Instant now = services.clock().instant();
        if (leaves(dag).contains(finished.taskId())) {
            // A leaf readies nothing; only the run's end can follow, once nothing else is unfinished.
            if (finished.state() == TaskState.UP_FOR_RETRY && finished.nextRetryAt() != null) {
                state.wakeRunAt(run.id(), finished.nextRetryAt());
                return FollowUp.NOTHING;
            }
            if (session.taskInstances().countUnfinished(current.dagId(), current.runId()) > 0) {
                return FollowUp.NOTHING;
            }
        }
        RunDecider.Decided decided = decider.decideRun(session, current, now, afterCommit, reserved);
        if (!decided.scheduled().isEmpty()) {
            List<Dispatch> rest = List.copyOf(decided.scheduled());
            afterCommit.add(() -> dispatcher.addToBacklog(rest));
        }
        return new FollowUp(decided.claimed(), false, false);
    }

    /** Whether {@code finished} is a leaf that ended for good while other instances of its run run or wait here. */
    private boolean othersInFlight(DagRunRecord run, TaskInstanceRecord finished) {
        if (finished.state() == TaskState.UP_FOR_RETRY) {
            return false;
        }
        Dag dag = dagBag.find(run.dagId()).orElse(null);
        if (dag == null || !leaves(dag).contains(finished.taskId())) {
            return false;
        }
        return dispatcher.othersOfRunHere(run.id());
    }

    private Set<String> leaves(Dag dag) {
        return leavesByDag.computeIfAbsent(dag.dagId() + "\u0000" + dag.fingerprint(), key -> dag.leaves());
    }
}
