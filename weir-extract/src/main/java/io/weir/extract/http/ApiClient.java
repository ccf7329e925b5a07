package io.weir.extract.http;

import static java.util.Objects.requireNonNull;

import io.weir.extract.ExtractException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Requests the pages of a source's API: authenticates from the declared secrets, waits out a 429 for its
 * {@code Retry-After}, retries a 5xx or a dropped connection with backoff, and hands back the body as a stream.
 * {@code file:} URLs read files, so a folder of JSON pages can stand in for an API.
 */
final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*rel\\s*=\\s*\"?next\"?");

    /** A page's body and the next page's URL from its {@code Link} header, if any. */
    record Page(InputStream body, Optional<URI> linkNext) {}

    private final HttpSource source;
    private final Map<String, String> secrets;
    private final Consumer<String> log;
    private final BooleanSupplier cancelled;
    private final HttpClient client;

    ApiClient(HttpSource source, Map<String, String> secrets, Consumer<String> log, BooleanSupplier cancelled) {
        this.source = requireNonNull(source, "source is null");
        this.secrets = Map.copyOf(secrets);
        this.log = requireNonNull(log, "log is null");
        this.cancelled = requireNonNull(cancelled, "cancelled is null");
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The URL of an object's first page: its path against the base URL, with its parameters. */
    URI firstPage(ApiObject object, Path projectDir) {
        String base = source.baseUrl();
        if (base.startsWith("file:") && !base.startsWith("file:/")) {
            base = projectDir.toUri() + base.substring("file:".length());
        }
        URI uri;
        try {
            URI path = new URI(null, null, object.path(), null);
            uri = object.path().contains("://") || base.isEmpty()
                    ? URI.create(object.path())
                    : URI.create(base.endsWith("/") ? base : base + "/").resolve(path);
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new ExtractException("Object " + object.name() + " of " + source.file() + ": the URL from base_url '"
                    + source.baseUrl() + "' and path '" + object.path() + "' is not valid: " + e.getMessage());
        }
        Map<String, String> params = new LinkedHashMap<>(object.params());
        if (source.auth().kind() == Auth.Kind.API_KEY_QUERY) {
            params.put(source.auth().name(), secrets.get(source.auth().secrets().get(0)));
        }
        return withParams(uri, params);
    }

    /** {@code uri} with {@code params} set, replacing those it has. */
    static URI withParams(URI uri, Map<String, String> params) {
        if (params.isEmpty() || "file".equals(uri.getScheme())) {
            return uri;
        }
        Map<String, String> all = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                all.put(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
            }
        }
        params.forEach((name, value) -> all.put(encode(name), encode(value)));
        String query = all.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("&"));
        String text = uri.toString();
        int mark = text.indexOf('?');
        return URI.create((mark < 0 ? text : text.substring(0, mark)) + "?" + query);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** How logs and messages show {@code uri}: without an API key in its query. */
    String shown(URI uri) {
        return source.auth().masked(uri.toString(), secrets);
    }

    /**
     * Requests one page of {@code object}.
     *
     * @throws ApiFailure retryable or permanent, naming the object, the URL and the answer
     */
    Page fetch(ApiObject object, URI uri) {
        if ("file".equals(uri.getScheme())) {
            return file(object, uri);
        }
        HttpRequest request = request(object, uri);
        int attempts = source.retry().attempts();
        for (int attempt = 1; ; attempt++) {
            String what = "Object " + object.name() + ": " + object.method() + " " + shown(uri);
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                String message = what + " failed: " + e;
                if (attempt >= attempts) {
                    throw new ApiFailure(message + " (after " + attempts + " attempts)", true, e);
                }
                waitBeforeRetry(message, source.retry().backoff(attempt), attempt, attempts);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiFailure(what + " was interrupted", true, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Page(response.body(), linkNext(response.headers(), uri));
            }
            String answer = what + " answered HTTP " + status + snippet(response);
            boolean retryable = status == 429 || status >= 500 || status == 408;
            if (!retryable) {
                throw new ApiFailure(answer + advice(status), false, null);
            }
            if (attempt >= attempts) {
                throw new ApiFailure(
                        answer + " " + attempts + " times; the API may be back on the next try (retry.attempts sets"
                                + " how often a try asks)",
                        true,
                        null);
            }
            Duration wait = status == 429
                    ? retryAfter(response.headers()).orElse(source.retry().backoff(attempt))
                    : source.retry().backoff(attempt);
            if (wait.compareTo(source.retry().maxWait()) > 0) {
                wait = source.retry().maxWait();
            }
            waitBeforeRetry(answer + (status == 429 ? " (rate limited)" : ""), wait, attempt, attempts);
        }
    }

    private HttpRequest request(ApiObject object, URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
        builder.header("Accept", "application/json");
        object.headers().forEach(builder::setHeader);
        source.auth().sign(builder, secrets);
        if (object.method().equals("POST")) {
            builder.setHeader("Content-Type", "application/json");
            builder.POST(HttpRequest.BodyPublishers.ofString(object.body() == null ? "{}" : object.body()));
        } else {
            builder.GET();
        }
        return builder.build();
    }

    private Page file(ApiObject object, URI uri) {
        Path path;
        try {
            path = Path.of(new URI(uri.getScheme(), uri.getSchemeSpecificPart(), null));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new ApiFailure("Object " + object.name() + ": " + uri + " is not a file URL Weir reads", false, e);
        }
        try {
            return new Page(Files.newInputStream(path), Optional.empty());
        } catch (NoSuchFileException e) {
            throw new ApiFailure(
                    "Object " + object.name() + ": the file " + path + " does not exist; check base_url and path in "
                            + source.file(),
                    false,
                    e);
        } catch (IOException e) {
            throw new ApiFailure("Object " + object.name() + ": cannot read " + path + ": " + e.getMessage(), true, e);
        }
    }

    private void waitBeforeRetry(String message, Duration wait, int attempt, int attempts) {
        log.accept(message + "; attempt " + attempt + " of " + attempts + ", retrying in " + wait.toMillis() / 1000.0
                + " s");
        long until = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < until) {
                if (cancelled.getAsBoolean()) {
                    throw new ApiFailure(message + "; the try was cancelled while waiting to retry", true, null);
                }
                Thread.sleep(Math.max(1, Math.min(200, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiFailure(message + "; interrupted while waiting to retry", true, e);
        }
    }

    /** A {@code Retry-After} header: seconds, or an HTTP date. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").flatMap(value -> {
            String text = value.strip();
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        });
    }

    private static Optional<URI> linkNext(HttpHeaders headers, URI current) {
        for (String value : headers.allValues("Link")) {
            Matcher matcher = LINK_NEXT.matcher(value);
            if (matcher.find()) {
                return Optional.of(current.resolve(matcher.group(1)));
            }
        }
        return Optional.empty();
    }

    private static String snippet(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            String text = new String(body.readNBytes(300), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : ": " + text.replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "";
        }
    }

    private String advice(int status) {
        return switch (status) {
            case 401, 403 -> "; check the secret(s) "
                    + String.join(", ", source.auth().secrets()) + " named in the auth of " + source.file();
            case 404 -> "; check base_url and the object's path in " + source.file();
            default -> "; check the request in " + source.file();
        };
    }
}
