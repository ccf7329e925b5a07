package io.weir.store;

import static java.util.Objects.requireNonNull;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the metadata database is and how to reach it.
 *
 * @param user null to let the JDBC URL or driver decide
 * @param password null for none
 * @param secretKeyFile the key file variables are encrypted with when {@code secretKey} is null; created on first use
 * @param secretKey the text of {@code WEIR_SECRET_KEY}, or null
 */
public record StoreSettings(String jdbcUrl, String user, String password, Path secretKeyFile, String secretKey) {

    public static final String DB_URL = "WEIR_DB_URL";
    public static final String DB_USER = "WEIR_DB_USER";
    public static final String DB_PASSWORD = "WEIR_DB_PASSWORD";
    public static final String SECRET_KEY = "WEIR_SECRET_KEY";

    /**
     * FILE_LOCK=FS locks the file with the operating system's lock, which a killed process releases at once (H2's
     * default lock file stays "recently modified" for seconds after a kill); a long-running process serves the file
     * to the others ({@code MetadataStore.serve()}). WRITE_DELAY lets H2 commit in memory: the
     * store then writes each transaction before it returns, sharing one write among the commits that end together
     * (see {@code H2Commits}), and H2 writes anything else within 100 ms. Writers wait up to 10 s for a row lock; a
     * larger query cache spares re-parsing the scheduler's dozen statements.
     */
    static final String H2_FILE_OPTIONS = ";FILE_LOCK=FS;WRITE_DELAY=100;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64";

    private static final String H2_DEFAULT_USER = "sa";

    public StoreSettings {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(secretKeyFile, "secretKeyFile is null");
        if (!isPostgresUrl(jdbcUrl) && !isH2Url(jdbcUrl)) {
            throw new WeirException(
                    ErrorCode.CONFIGURATION,
                    "The metadata database URL '" + JdbcUrls.redact(jdbcUrl)
                            + "' is neither a jdbc:postgresql: nor a jdbc:h2: URL; set " + DB_URL
                            + " to one of those or unset it to use the embedded database.");
        }
        if (secretKey != null && secretKey.isBlank()) {
            secretKey = null;
        }
    }

    /**
     * The settings of a project: {@code WEIR_DB_URL}, {@code WEIR_DB_USER} and {@code WEIR_DB_PASSWORD} when set,
     * else an H2 file {@code <weirDir>/metadata} that other processes can share; variables are encrypted with
     * {@code WEIR_SECRET_KEY} or {@code <weirDir>/secret.key}.
     */
    public static StoreSettings forProject(Path weirDir, Map<String, String> env) {
        requireNonNull(weirDir, "weirDir is null");
        requireNonNull(env, "env is null");
        Path keyFile = weirDir.resolve("secret.key").toAbsolutePath();
        String secretKey = env.get(SECRET_KEY);
        String url = env.get(DB_URL);
        if (url == null || url.isBlank()) {
            Path file = weirDir.resolve("metadata").toAbsolutePath();
            return new StoreSettings("jdbc:h2:file:" + file + H2_FILE_OPTIONS, H2_DEFAULT_USER, "", keyFile, secretKey);
        }
        url = url.strip();
        String user = env.get(DB_USER);
        String password = env.get(DB_PASSWORD);
        if (isH2Url(url) && user == null && !url.toUpperCase(Locale.ROOT).contains(";USER=")) {
            user = H2_DEFAULT_USER;
            password = password == null ? "" : password;
        }
        return new StoreSettings(url, user, password, keyFile, secretKey);
    }

    /**
     * These settings for a short command that only reads: an embedded H2 file it opens itself is closed without
     * H2's compaction (up to 200 ms of every such command's wall time, rewriting a file it did not change); the
     * long-running processes and the commands that write still compact it.
     */
    public StoreSettings forBriefReads() {
        if (embeddedH2File() == null || jdbcUrl.toUpperCase(Locale.ROOT).contains(";MAX_COMPACT_TIME=")) {
            return this;
        }
        return new StoreSettings(jdbcUrl + ";MAX_COMPACT_TIME=0", user, password, secretKeyFile, secretKey);
    }

    /**
     * The embedded H2 file a process opens itself or reaches through the process serving it, or null for a server
     * URL, an in-memory database or a file shared with H2's own AUTO_SERVER.
     */
    public Path embeddedH2File() {
        String prefix = "jdbc:h2:file:";
        if (!jdbcUrl.startsWith(prefix) || jdbcUrl.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE")) {
            return null;
        }
        int options = jdbcUrl.indexOf(';');
        return Path.of(options < 0 ? jdbcUrl.substring(prefix.length()) : jdbcUrl.substring(prefix.length(), options))
                .toAbsolutePath();
    }

    public boolean isPostgres() {
        return isPostgresUrl(jdbcUrl);
    }

    /** The URL without any password in it, for messages and logs. */
    public String redactedUrl() {
        return JdbcUrls.redact(jdbcUrl);
    }

    /** What the database is, for people: "H2 file /p/.weir/metadata" or "PostgreSQL 127.0.0.1:5432/test". */
    public String describe() {
        return JdbcUrls.describe(jdbcUrl);
    }

    @Override
    public String toString() {
        return "StoreSettings[" + redactedUrl() + ", user=" + user + ", secretKeyFile=" + secretKeyFile
                + (secretKey == null ? "" : ", secretKey=***") + "]";
    }

    private static boolean isPostgresUrl(String url) {
        return url.startsWith("jdbc:postgresql:");
    }

    private static boolean isH2Url(String url) {
        return url.startsWith("jdbc:h2:");
    }
}
