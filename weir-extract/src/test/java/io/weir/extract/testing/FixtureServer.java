package io.weir.extract.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server for API tests (the JDK's own), answering each path with a handler the test sets, and keeping
 * every request it saw.
 */
public final class FixtureServer implements AutoCloseable {
    /** One answer: status, headers and body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public static Answer json(String body) {
            return new Answer(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }

        public static Answer status(int status, String body) {
            return new Answer(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Answer(status, all, body);
        }
    }

    /** A request the server saw. */
    public record Request(String method, URI uri, Map<String, String> headers, String body) {
        public String query(String name) {
            String query = uri.getRawQuery();
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                String[] parts = pair.split("=", 2);
                if (parts[0].equals(name)) {
                    return parts.length > 1 ? java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
                }
            }
            return null;
        }
    }

    /** How a path answers a request. */
    @FunctionalInterface
    public interface Handler {
        Answer answer(Request request) throws IOException;
    }

    /** Where recorded fixtures live: {@code src/test/resources/fixtures/http}. */
    public static String fixture(String name) {
        try (InputStream in = FixtureServer.class.getResourceAsStream("/fixtures/http/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    public FixtureServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public FixtureServer on(String path, Handler handler) {
        server.createContext(path, exchange -> handle(exchange, handler));
        return this;
    }

    /** Answers {@code path} with the files of {@code folder}, the request's path below it naming the file. */
    public FixtureServer files(String path, Path folder) {
        return on(path, request -> {
            Path file = folder.resolve(request.uri().getPath().substring(path.length()));
            return Files.exists(file) ? new Answer(200, Map.of(), Files.readAllBytes(file)) : Answer.status(404, "");
        });
    }

    private void handle(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI(), headers, body);
            requests.add(request);
            Answer answer;
            try {
                answer = handler.answer(request);
            } catch (RuntimeException e) {
                answer = Answer.status(500, "fixture handler failed: " + e);
            }
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
