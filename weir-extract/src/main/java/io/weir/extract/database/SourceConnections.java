package io.weir.extract.database;

import io.weir.extract.ExtractException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/** Opens a manifest's source database with the values its {@code connection_info} variables hold. */
final class SourceConnections {
    /** How long a connection attempt and a silent socket may take before the try counts as timed out. */
    static final int TIMEOUT_SECONDS = 30;

    private SourceConnections() {}

    /** The JDBC URL and properties, or a message naming the missing variable. */
    record Target(String url, Properties properties, String described) {}

    static Target target(Manifest manifest, String manifestName, Path projectDir, Map<String, String> variables) {
        ConnectionInfo info = manifest.connection();
        String database = variable(info.databaseVariable(), "database", manifestName, variables);
        Properties properties = new Properties();
        if (info.driver() == SourceDriver.SQLITE) {
            Path file = projectDir.resolve(database).normalize();
            if (!Files.isRegularFile(file)) {
                throw new ExtractException("The SQLite file " + file + " of " + manifestName + " (from "
                        + info.databaseVariable() + ") does not exist; check the path, relative to the project");
            }
            properties.setProperty("open_mode", "1");
            return new Target("jdbc:sqlite:" + file, properties, "SQLite file " + file);
        }
        String host = variable(info.hostVariable(), "host", manifestName, variables);
        String port = info.portVariable() == null
                ? String.valueOf(info.driver().defaultPort())
                : variable(info.portVariable(), "port", manifestName, variables);
        if (info.userVariable() != null) {
            properties.setProperty("user", variable(info.userVariable(), "user", manifestName, variables));
        }
        if (info.passwordVariable() != null) {
            properties.setProperty("password", variable(info.passwordVariable(), "pass", manifestName, variables));
        }
        String described = info.driver().displayName() + " database " + database + " on " + host + ":" + port;
        if (info.driver() == SourceDriver.POSTGRESQL) {
            properties.setProperty("connectTimeout", String.valueOf(TIMEOUT_SECONDS));
            properties.setProperty("socketTimeout", String.valueOf(TIMEOUT_SECONDS * 10));
            properties.setProperty("ApplicationName", "weir extract");
            return new Target("jdbc:postgresql://" + host + ":" + port + "/" + database, properties, described);
        }
        properties.setProperty("connectTimeout", String.valueOf(TIMEOUT_SECONDS * 1000));
        properties.setProperty("socketTimeout", String.valueOf(TIMEOUT_SECONDS * 10_000));
        return new Target("jdbc:mariadb://" + host + ":" + port + "/" + database, properties, described);
    }

    static Connection open(Target target) throws SQLException {
        return DriverManager.getConnection(target.url(), target.properties());
    }

    private static String variable(String name, String key, String manifestName, Map<String, String> variables) {
        String value = variables.get(name);
        if (value == null || value.isEmpty()) {
            throw new ExtractException("The environment variable " + name + " (connection_info." + key + " of "
                    + manifestName + ") is not set; set it, or declare it as a secret of the task");
        }
        return value;
    }
}
