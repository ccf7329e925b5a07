package io.weir.transform.deps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.transform.TransformException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dbt package hub's HTTP API: {@code api/v1/<organisation>/<name>.json} lists a package's versions, each with
 * the hub packages it needs and the URL of its tarball. The hub is {@code https://hub.getdbt.com/} unless {@code
 * WEIR_DBT_HUB_URL} (or dbt's {@code DBT_PACKAGE_HUB_URL}) names another, such as a company mirror.
 */
final class DbtHub {
    static final String DEFAULT_URL = "https://hub.getdbt.com/";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient client;
    private final Map<String, List<HubRelease>> releases = new HashMap<>();

    DbtHub(URI base) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.client = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The hub {@code env} names, else dbt's public hub. */
    static DbtHub fromEnvironment(Map<String, String> env) {
        String url = Optional.ofNullable(env.get("WEIR_DBT_HUB_URL"))
                .or(() -> Optional.ofNullable(env.get("DBT_PACKAGE_HUB_URL")))
                .filter(value -> !value.isBlank())
                .orElse(DEFAULT_URL);
        return new DbtHub(URI.create(url.strip()));
    }

    /**
     * The versions of {@code name} the hub has, newest first.
     *
     * @throws TransformException when the hub cannot be reached or has no such package
     */
    List<HubRelease> releases(String name) {
        List<HubRelease> known = releases.get(name);
        if (known == null) {
            known = fetch(name);
            releases.put(name, known);
        }
        return known;
    }

    private List<HubRelease> fetch(String name) {
        URI index = base.resolve("api/v1/" + name + ".json");
        HttpResponse<InputStream> response = get(index, "the versions of the hub package " + name);
        JsonNode root;
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                throw new TransformException("The dbt hub (" + base + ") has no package " + name + "; check"
                        + " 'package:' in packages.yml (the hub spells it <organisation>/<name>, such as"
                        + " dbt-labs/dbt_utils)");
            }
            checkOk(response, index);
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new TransformException(
                    "The dbt hub's answer for " + name + " (" + index + ") is not JSON: " + e.getMessage(), e);
        }
        List<HubRelease> found = new ArrayList<>();
        root.path("versions").fields().forEachRemaining(entry -> {
            Optional<SemanticVersion> version = SemanticVersion.parse(entry.getKey());
            String tarball = entry.getValue().path("downloads").path("tarball").asText("");
            if (version.isPresent() && !tarball.isEmpty()) {
                found.add(new HubRelease(
                        name, version.get(), index.resolve(tarball), dependencies(entry.getValue(), name)));
            }
        });
        found.sort(Comparator.comparing(HubRelease::version).reversed());
        return List.copyOf(found);
    }

    private static List<PackageSpec.Hub> dependencies(JsonNode release, String name) {
        List<PackageSpec.Hub> needed = new ArrayList<>();
        for (JsonNode dependency : release.path("packages")) {
            String dependencyName = dependency.path("package").asText("");
            if (dependencyName.isEmpty()) {
                continue;
            }
            List<String> versions = new ArrayList<>();
            JsonNode version = dependency.path("version");
            if (version.isArray()) {
                version.forEach(item -> versions.add(item.asText()));
            } else if (!version.isMissingNode() && !version.isNull()) {
                versions.add(version.asText());
            }
            VersionRange.parse(versions, "the hub's entry for " + name + ", package " + dependencyName);
            needed.add(new PackageSpec.Hub(dependencyName, versions, false));
        }
        return needed;
    }

    /** Downloads the release's tarball into {@code file}. */
    void download(HubRelease release, Path file) {
        HttpResponse<InputStream> response = get(release.tarball(), "the tarball of " + release);
        try (InputStream body = response.body()) {
            checkOk(response, release.tarball());
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new TransformException(
                    "Cannot download " + release + " from " + release.tarball() + ": " + e.getMessage(), e);
        }
    }

    private HttpResponse<InputStream> get(URI uri, String what) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new TransformException(
                    "Cannot reach the dbt hub for " + what + " (" + uri + "): " + e
                            + "; check this machine's network, or set WEIR_DBT_HUB_URL to a hub it can reach",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransformException("Interrupted while fetching " + what + " from " + uri, e);
        }
    }

    private static void checkOk(HttpResponse<InputStream> response, URI uri) {
        if (response.statusCode() != 200) {
            throw new TransformException("The dbt hub answered HTTP " + response.statusCode() + " for " + uri
                    + "; try again later, or set WEIR_DBT_HUB_URL to a hub that works");
        }
    }
}
