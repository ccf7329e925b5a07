package io.weir.cli.server;

import io.weir.cli.Main;
import io.weir.cli.VersionProvider;
import io.weir.cli.remote.WarehouseHost;
import io.weir.core.project.ProjectSettings;
import io.weir.engine.Weir;
import io.weir.engine.scheduler.Scheduler;
import io.weir.engine.scheduler.SchedulerListeners;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.WarehouseType;
import io.weir.web.WebApp;
import io.weir.web.WebServer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code weir standalone}: everything in one process on the embedded defaults. */
@Command(
        name = "standalone",
        description =
                "Run Weir in one process: metadata DB, scheduler, executor and web server (the project's .weir/ holds"
                        + " the data).")
public final class StandaloneCommand implements Callable<Integer> {
    /** How long start-up waits for a warehouse file a command of another process holds. */
    private static final Duration WAREHOUSE_PATIENCE = Duration.ofSeconds(60);

    @ParentCommand
    private Main main;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "The web server's port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port;

    @Option(
            names = "--host",
            defaultValue = WebServer.DEFAULT_HOST,
            description = "The address the web server listens on (default ${DEFAULT-VALUE}: every interface).")
    private String host;

    @Override
    public Integer call() {
        return serve(main, "standalone", new WebOptions(host, port));
    }

    /** Where the web server listens; null for a scheduler without one. */
    record WebOptions(String host, int port) {}

    /** Opens the project, prints the banner and runs the scheduler (and the web server, if asked) until Ctrl-C. */
    static int serve(Main main, String mode, WebOptions webOptions) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Weir weir = Weir.open(main.projectDir(), main.environment());
        WarehouseHost warehouseHost;
        try {
            // Other commands on this project reach the embedded metadata database through this process,
            weir.store().serve();
            // and run their warehouse commands in it: this process owns the embedded warehouse.
            warehouseHost = hostWarehouse(main, weir, out);
        } catch (RuntimeException e) {
            weir.close();
            throw e;
        }
        int dags = weir.dagBag().dags().size();
        int errors = weir.dagBag().errors().size();
        WebServer web = null;
        WebApp app = null;
        String login = null;
        if (webOptions != null) {
            app = WebApp.of(weir, VersionProvider.version());
            try {
                login = StandaloneAdmin.ensure(app, weir.weirDir());
                web = WebServer.start(app, webOptions.host(), webOptions.port());
            } catch (RuntimeException e) {
                if (warehouseHost != null) {
                    warehouseHost.close();
                }
                weir.close();
                throw e;
            }
        }
        out.println("Weir " + mode);
        out.println("  project   " + weir.projectDir());
        out.println("  metadata  " + weir.store().describe());
        out.println("  warehouse " + describeWarehouse(main, weir));
        out.println("  logs      " + weir.logsDir());
        out.println("  dags      " + dags + " loaded"
                + (errors == 0 ? "" : ", " + errors + " import errors (`weir dags list-import-errors`)"));
        if (web != null) {
            out.println("  web       " + web.address());
            out.println("  login     " + login);
        }
        out.println("Press Ctrl-C to stop.");
        if (errors > 0) {
            new ConsoleListener(out).importErrorsChanged(weir.dagBag().errors());
        }
        Scheduler scheduler = weir.scheduler(
                app == null
                        ? new ConsoleListener(out)
                        : SchedulerListeners.fanOut(List.of(new ConsoleListener(out), app.listener())));
        Runnable stop = () -> {
            out.println("Stopping: running tasks are ended and recorded (Ctrl-C again to quit at once).");
            scheduler.stop();
        };
        if (!Signals.handle(stop, () -> Main.exitNow(130))) {
            Thread loop = Thread.currentThread();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                scheduler.stop();
                                try {
                                    loop.join(20_000);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "weir-shutdown"));
        }
        try {
            scheduler.run();
        } finally {
            scheduler.close();
            if (web != null) {
                web.close();
            }
            if (warehouseHost != null) {
                warehouseHost.close();
            }
            weir.close();
        }
        out.println("Stopped.");
        return 0;
    }

    /**
     * Opens the embedded DuckDB warehouse for the life of this process and takes other commands' warehouse work;
     * null when the warehouse is PostgreSQL, which every process reaches on its own.
     */
    private static WarehouseHost hostWarehouse(Main main, Weir weir, PrintStream out) {
        WarehouseTarget target = WarehouseSettings.of(
                        weir.projectDir(), ProjectSettings.load(weir.projectDir()), main.environment())
                .target(Flavor.TRANSFORM);
        if (target.type() != WarehouseType.DUCKDB) {
            return null;
        }
        Warehouse warehouse = Warehouse.open(target, WAREHOUSE_PATIENCE, out::println);
        try {
            return WarehouseHost.start(weir.weirDir(), warehouse);
        } catch (RuntimeException e) {
            warehouse.close();
            throw e;
        }
    }

    /** Where {@code raw.*} and {@code analytics.*} live, as the TRANSFORM credentials reach them. */
    private static String describeWarehouse(Main main, Weir weir) {
        WarehouseSettings settings =
                WarehouseSettings.of(weir.projectDir(), ProjectSettings.load(weir.projectDir()), main.environment());
        WarehouseTarget target = settings.target(Flavor.TRANSFORM);
        if (target.type() == WarehouseType.POSTGRES) {
            return "PostgreSQL database " + target.database();
        }
        return target.attachments().containsKey("raw")
                ? "DuckDB files in " + settings.duckdbDir() + " (raw, analytics)"
                : "DuckDB file " + target.jdbcUrl().substring("jdbc:duckdb:".length());
    }
}
