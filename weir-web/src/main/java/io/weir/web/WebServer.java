package io.weir.web;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.web.api.ApiRoutes;
import io.weir.web.ui.LiveUpdates;
import io.weir.web.ui.StoreWatcher;
import io.weir.web.ui.UiRoutes;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.pathmap.RegexPathSpec;
import org.eclipse.jetty.server.handler.QoSHandler;

/** The HTTP server: UI pages, the REST API under {@code /api/v1}, {@code /health}. Stateless beyond sessions. */
public final class WebServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "0.0.0.0";
    private static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * How often the server looks for state changes other processes made, while a page listens: often enough that a
     * task finishing in another process turns its grid cell within a second (the look, the event and the grid's
     * redraw fit in the rest), for a few indexed queries a look.
     */
    static final Duration WATCH_INTERVAL = Duration.ofMillis(200);

    /**
     * How often the server reads the store for the metrics when no page listens and no scheduler runs in its own
     * process: every finish is counted however long the interval, so a second keeps the counters fresh for a scrape
     * interval of Prometheus's usual 15 s at a few indexed queries a second.
     */
    static final Duration METRICS_WATCH_INTERVAL = Duration.ofSeconds(1);

    /** How long a request may wait for its turn under load before it is answered 503. */
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(30);

    private final Javalin javalin;
    private final String host;
    private final List<String> routes;
    private final StoreWatcher watcher;

    private WebServer(Javalin javalin, String host, List<String> routes, StoreWatcher watcher) {
        this.javalin = javalin;
        this.host = host;
        this.routes = List.copyOf(routes);
        this.watcher = watcher;
    }

    /** Starts serving {@code app} on {@code host}:{@code port} (port 0 picks a free one); a clear error if taken. */
    public static WebServer start(WebApp app, String host, int port) {
        requireNonNull(app, "app is null");
        requireNonNull(host, "host is null");
        List<String> routes = new CopyOnWriteArrayList<>();
        Javalin javalin = Javalin.create(config -> {
            config.events.handlerAdded(handler -> routes.add(handler.getHttpMethod() + " " + handler.getPath()));
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.generateEtags = false;
            config.jetty.threadPool = threads();
            config.jetty.modifyServletContextHandler(handler -> handler.insertHandler(admission(app)));
            ApiRoutes.register(config, app);
            // Prometheus scrapes without signing in, as it does Airflow's exporter.
            config.routes.get("/metrics", ctx -> ctx.contentType(METRICS_TYPE)
                    .result(app.metrics().scrape()));
            config.routes.get("/admin/metrics", ctx -> ctx.contentType(METRICS_TYPE)
                    .result(app.metrics().scrape()));
            UiRoutes.register(config, app);
            config.routes.error(404, ctx -> {
                if (ctx.path().startsWith(ApiRoutes.PREFIX + "/")) {
                    ApiRoutes.notFound(ctx);
                }
            });
        });
        try {
            javalin.start(host, port);
        } catch (RuntimeException e) {
            javalin.stop();
            if (causedBy(e, BindException.class)) {
                throw new WeirException(
                        ErrorCode.CONFIGURATION,
                        "Cannot serve on " + host + ":" + port + ": the port is in use; pass --port with a free one",
                        e);
            }
            throw e;
        }
        // Live pages hear changes from any process (a separate scheduler or worker, the CLI), not only this one's; so
        // do the metrics, unless a scheduler in this process tells them (`weir standalone`).
        StoreWatcher watcher = new StoreWatcher(
                        app.weir().store(),
                        app.live(),
                        app.live()::anyListeners,
                        WATCH_INTERVAL,
                        app.metrics(),
                        () -> !app.metrics().fedInProcess(),
                        METRICS_WATCH_INTERVAL)
                .start();
        return new WebServer(javalin, host, routes, watcher);
    }

    /**
     * Lets as many requests work at once as the metadata store has connections, and queues the rest in order of
     * arrival without holding a thread: more at once would only wait inside the pool in no particular order, so
     * under load some requests would wait far longer than others. The live pages' event streams stay open for
     * long and are not counted.
     */
    private static QoSHandler admission(WebApp app) {
        QoSHandler admission = new QoSHandler();
        admission.setMaxRequestCount(app.weir().store().maxConnections());
        admission.setMaxSuspend(QUEUE_WAIT);
        admission.exclude(new RegexPathSpec(LiveUpdates.EVENTS_PATH));
        return admission;
    }

    private static org.eclipse.jetty.util.thread.QueuedThreadPool threads() {
        org.eclipse.jetty.util.thread.QueuedThreadPool pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(64, 4);
        pool.setName("weir-web");
        pool.setDaemon(true);
        return pool;
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** Every handler the server registered, as {@code METHOD path} ({@code GET /api/v1/dags/{dag_id}}). */
    public List<String> routes() {
        return routes;
    }

    public int port() {
        return javalin.port();
    }

    /** The address to open in a browser: {@code http://localhost:8080} when serving on every interface. */
    public String address() {
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        return "http://" + shown + ":" + port();
    }

    @Override
    public void close() {
        watcher.close();
        javalin.stop();
    }
}
