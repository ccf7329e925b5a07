package io.weir.web.ui;

import io.javalin.http.sse.SseClient;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the open DAG pages, over server-sent events, that a DAG's task or run changed state, so their grid redraws
 * itself (htmx's SSE extension) without a reload. Fed by the scheduler's listener in the same process.
 */
public final class LiveUpdates implements SchedulerListener {
    /** The event a DAG page's grid listens for. */
    public static final String CHANGED = "changed";
    /** The event streams the DAG pages keep open ({@code /dags/{dag_id}/events}), as a regular expression. */
    public static final String EVENTS_PATH = "^/dags/[^/]+/events$";

    private final Map<String, Set<SseClient>> clientsByDag = new ConcurrentHashMap<>();

    /**
     * Keeps {@code client} open until the browser leaves, sending it each change of {@code dagId}; {@code stale}
     * (what the page shows changed between its render and this connection) sends one change at once.
     */
    public void subscribe(String dagId, SseClient client, boolean stale) {
        Set<SseClient> clients = clientsByDag.computeIfAbsent(dagId, id -> ConcurrentHashMap.newKeySet());
        clients.add(client);
        client.onClose(() -> clients.remove(client));
        client.keepAlive();
        if (stale) {
            client.sendEvent(CHANGED, "connected");
        }
    }

    /** How many pages listen to {@code dagId} now. */
    public int listeners(String dagId) {
        return clientsByDag.getOrDefault(dagId, Set.of()).size();
    }

    /** Whether any page listens now: the store watcher reads nothing while none does. */
    public boolean anyListeners() {
        return clientsByDag.values().stream().anyMatch(clients -> !clients.isEmpty());
    }

    /** Tells every page of {@code dagId} that it changed; a page that went away is dropped. */
    public void changed(String dagId, String runId) {
        for (SseClient client : clientsByDag.getOrDefault(dagId, Set.of())) {
            if (client.terminated()) {
                clientsByDag.get(dagId).remove(client);
                continue;
            }
            // The data names the run; the grid asks for its own rows again, so a missed event costs nothing.
            client.sendEvent(CHANGED, runId);
        }
    }

    @Override
    public void taskStarted(TaskInstanceRecord instance) {
        changed(instance.dagId(), instance.runId());
    }

    @Override
    public void taskFinished(TaskInstanceRecord instance) {
        changed(instance.dagId(), instance.runId());
    }

    @Override
    public void taskDecided(TaskInstanceRecord instance) {
        changed(instance.dagId(), instance.runId());
    }

    @Override
    public void runFinished(DagRunRecord run) {
        changed(run.dagId(), run.runId());
    }
}
