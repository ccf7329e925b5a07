package io.weir.extract.files;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects under an S3 prefix (or the one object a key names), on AWS or an S3-compatible store at
 * {@code endpoint}. Credentials come from declared secrets named in the listing, else from the AWS default chain.
 */
final class S3Files implements FileStore {
    private final String location;
    private final String bucket;
    private final String prefix;
    private final PathMatcher pattern;
    private final boolean single;
    private final S3Client client;

    /**
     * @param location {@code s3://bucket/prefix}
     * @param secrets the declared secrets by name, where the access and secret key are looked up
     */
    S3Files(String location, String pattern, FileEntry.S3Settings settings, Map<String, String> secrets) {
        this.location = location;
        String path = location.substring("s3://".length());
        int slash = path.indexOf('/');
        this.bucket = slash < 0 ? path : path.substring(0, slash);
        this.prefix = slash < 0 ? "" : path.substring(slash + 1);
        this.single = !prefix.isEmpty() && !prefix.endsWith("/") && pattern == null;
        this.pattern = FileSystems.getDefault().getPathMatcher("glob:" + (pattern == null ? "*" : pattern));
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region() == null ? "us-east-1" : settings.region()))
                .credentialsProvider(credentials(location, settings, secrets))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(URI.create(settings.endpoint())).forcePathStyle(true);
        }
        this.client = builder.build();
    }

    private static AwsCredentialsProvider credentials(
            String location, FileEntry.S3Settings settings, Map<String, String> secrets) {
        if (settings.accessKey() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String accessKey = secret(location, settings.accessKey(), secrets);
        String secretKey = secret(location, settings.secretKey(), secrets);
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    private static String secret(String location, String name, Map<String, String> secrets) {
        String value = secrets.get(name);
        if (value == null) {
            throw FileLoadException.refused(
                    location, "the secret " + name + " is not set; declare it in the DAG's secrets and set it");
        }
        return value;
    }

    @Override
    public boolean single() {
        return single;
    }

    @Override
    public List<SourceFile> list() {
        try {
            List<SourceFile> files = new ArrayList<>();
            ListObjectsV2Request request =
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
            for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
                String key = object.key();
                if (key.endsWith("/")) {
                    continue;
                }
                String fileName = key.substring(key.lastIndexOf('/') + 1);
                if (single ? key.equals(prefix) : pattern.matches(Path.of(fileName))) {
                    files.add(new SourceFile(key, object.size(), object.eTag(), object.lastModified()));
                }
            }
            return files;
        } catch (SdkException e) {
            throw failure(location, e);
        }
    }

    @Override
    public Fetched fetch(SourceFile file, String knownEtag, long maxBytes, Path tempDir) {
        String shown = "s3://" + bucket + "/" + file.name();
        if (knownEtag != null && knownEtag.equals(file.etag())) {
            return Fetched.notModified(file);
        }
        if (file.size() > maxBytes) {
            throw FileLoadException.badContent(
                    shown,
                    0,
                    "it has " + file.size() + " bytes, more than max_bytes " + maxBytes + "; raise max_bytes in the"
                            + " listing if the file is meant to be this big");
        }
        GetObjectRequest request =
                GetObjectRequest.builder().bucket(bucket).key(file.name()).build();
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(request)) {
            Downloads.Downloaded downloaded = Downloads.copy(shown, in, maxBytes, tempDir);
            return new Fetched(downloaded.path(), file, downloaded.checksum());
        } catch (SdkException e) {
            throw failure(shown, e);
        } catch (IOException e) {
            throw FileLoadException.unreachable(shown, "the download broke off (" + e + ")", e);
        }
    }

    private static FileLoadException failure(String shown, SdkException e) {
        if (e instanceof S3Exception s3 && s3.statusCode() < 500) {
            return FileLoadException.refused(
                    shown,
                    "S3 answered " + s3.statusCode() + " "
                            + s3.awsErrorDetails().errorCode() + "; check the bucket, the prefix and the credentials");
        }
        return FileLoadException.unreachable(shown, e.getMessage(), e);
    }

    @Override
    public void close() {
        client.close();
    }
}
