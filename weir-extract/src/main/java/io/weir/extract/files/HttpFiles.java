package io.weir.extract.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One file at an HTTP(S) URL, such as a spreadsheet's CSV export link. Redirects are followed; an etag from the last
 * load is sent as {@code If-None-Match}, so an unchanged file is not even downloaded. A 5xx answer or a dropped
 * connection may be retried; any other error answer cannot.
 */
final class HttpFiles implements FileStore {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String url;
    private final HttpClient client;

    HttpFiles(String url) {
        this.url = url;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(TIMEOUT)
                .build();
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public List<SourceFile> list() {
        return List.of(new SourceFile(url, -1, null, null));
    }

    @Override
    public Fetched fetch(SourceFile file, String knownEtag, long maxBytes, Path tempDir) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
        if (knownEtag != null) {
            request.header("If-None-Match", knownEtag);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw FileLoadException.unreachable(url, "the server did not answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FileLoadException.unreachable(url, "interrupted", e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 304) {
                return Fetched.notModified(file);
            }
            if (status >= 500 || status == 429) {
                throw FileLoadException.unreachable(url, "the server answered HTTP " + status, null);
            }
            if (status != 200) {
                throw FileLoadException.refused(
                        url, "the server answered HTTP " + status + "; check the URL and that it is shared for export");
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (length > maxBytes) {
                throw FileLoadException.badContent(
                        url,
                        0,
                        "it has " + length + " bytes, more than max_bytes " + maxBytes + "; raise max_bytes in the"
                                + " listing if the file is meant to be this big");
            }
            Downloads.Downloaded downloaded = Downloads.copy(url, body, maxBytes, tempDir);
            SourceFile fetched = new SourceFile(
                    url,
                    downloaded.size(),
                    response.headers().firstValue("ETag").orElse(null),
                    response.headers()
                            .firstValue("Last-Modified")
                            .map(HttpFiles::date)
                            .orElse(null));
            return new Fetched(downloaded.path(), fetched, downloaded.checksum());
        } catch (IOException e) {
            throw FileLoadException.unreachable(url, "the download broke off (" + e + ")", e);
        }
    }

    private static Instant date(String text) {
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
