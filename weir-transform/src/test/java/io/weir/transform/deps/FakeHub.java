package io.weir.transform.deps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A local stand-in for the dbt hub's HTTP API, a real server on 127.0.0.1: {@code /api/v1/<org>/<name>.json} lists
 * the versions published here, each with its dependencies and a tarball built here (files under one top folder, as
 * the hub's tarballs have them).
 */
final class FakeHub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Map<String, Object>> versions = new ConcurrentHashMap<>();
    private final Map<String, byte[]> tarballs = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();

    private FakeHub(HttpServer server) {
        this.server = server;
    }

    static FakeHub start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeHub hub = new FakeHub(server);
        server.createContext("/", hub::handle);
        server.start();
        return hub;
    }

    /** The hub's URL, for {@code WEIR_DBT_HUB_URL}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The environment that points {@code weir transform deps} at this hub. */
    Map<String, String> env() {
        return Map.of("WEIR_DBT_HUB_URL", url());
    }

    /**
     * Publishes {@code version} of the hub package {@code name} ({@code org/package}) with {@code files}.
     *
     * @param dependencies the hub packages it needs: name to version ranges
     */
    void publish(String name, String version, Map<String, String> files, Map<String, List<String>> dependencies) {
        String tarball = "tarballs/" + name + "/" + version + ".tar.gz";
        tarballs.put("/" + tarball, tarball(name.replace('/', '-') + "-" + version, files));
        List<Map<String, Object>> packages = new ArrayList<>();
        dependencies.forEach((dependency, range) -> packages.add(Map.of("package", dependency, "version", range)));
        Map<String, Object> release = new LinkedHashMap<>();
        release.put("id", name + "/" + version);
        release.put("name", name.substring(name.indexOf('/') + 1));
        release.put("version", version);
        release.put("packages", packages);
        release.put("downloads", Map.of("tarball", url() + tarball));
        versions.computeIfAbsent(name, key -> new ConcurrentHashMap<>()).put(version, release);
    }

    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        synchronized (this) {
            requests.add(path);
        }
        byte[] body = null;
        if (path.startsWith("/api/v1/") && path.endsWith(".json")) {
            String name = path.substring("/api/v1/".length(), path.length() - ".json".length());
            Map<String, Object> published = versions.get(name);
            if (published != null) {
                body = JSON.writeValueAsBytes(Map.of(
                        "name", name.substring(name.indexOf('/') + 1),
                        "namespace", name.substring(0, name.indexOf('/')),
                        "versions", published));
            }
        } else {
            body = tarballs.get(path);
        }
        try (exchange) {
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] tarball(String topFolder, Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(topFolder + "/" + file.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
