package io.weir.cli.server;

import io.weir.cli.Main;
import io.weir.cli.VersionProvider;
import io.weir.engine.Weir;
import io.weir.web.WebApp;
import io.weir.web.WebServer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code weir webserver}: the UI, REST API and metrics alone, for a deployment that runs parts separately. */
@Command(name = "webserver", description = "Run the web server: UI, REST API under /api/v1 and metrics.")
public final class WebserverCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Option(
            names = {"-p", "--port"},
            defaultValue = "8080",
            description = "The port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port;

    @Option(
            names = {"-H", "--host"},
            defaultValue = WebServer.DEFAULT_HOST,
            description = "The address to listen on (default ${DEFAULT-VALUE}: every interface).")
    private String host;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Weir weir = Weir.open(main.projectDir(), main.environment())) {
            // Other commands on this project reach the embedded metadata database through this process.
            weir.store().serve();
            WebApp app = WebApp.of(weir, VersionProvider.version());
            CountDownLatch stopped = new CountDownLatch(1);
            try (WebServer web = WebServer.start(app, host, port)) {
                out.println("Weir webserver");
                out.println("  project   " + weir.projectDir());
                out.println("  metadata  " + weir.store().describe());
                out.println("  web       " + web.address());
                out.println("Press Ctrl-C to stop.");
                if (!Signals.handle(stopped::countDown, () -> Main.exitNow(130))) {
                    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "weir-shutdown"));
                }
                stopped.await();
            }
        }
        out.println("Stopped.");
        return 0;
    }
}
