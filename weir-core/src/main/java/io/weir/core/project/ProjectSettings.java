package io.weir.core.project;

import static java.util.Objects.requireNonNull;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.time.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A project's settings, read from the optional {@code weir.yaml} at its root; every key has a default.
 *
 * @param dagsFolder where DAG files live, relative to the project
 * @param dagsArePausedAtCreation whether a DAG seen for the first time starts paused, as in Airflow
 * @param parallelism how many task instances may run at once in the whole installation
 * @param defaultPoolSlots the slots of {@code default_pool}
 * @param logsRetentionDays task logs older than this are deleted
 * @param logsMaxSizeBytes task logs are kept under this total, oldest deleted first
 * @param zombieThreshold a running task whose heartbeat is older than this is a zombie
 * @param heartbeat how often a running task's heartbeat is recorded
 * @param dagDirListInterval how often the DAG folder is read again for changes
 * @param warehouse the {@code warehouse:} settings ({@code type}, {@code path}, {@code url}, {@code user},
 *     {@code schema}, {@code threads}) as written; the warehouse module gives them meaning
 */
public record ProjectSettings(
        Path dagsFolder,
        boolean dagsArePausedAtCreation,
        int parallelism,
        int defaultPoolSlots,
        int logsRetentionDays,
        long logsMaxSizeBytes,
        Duration zombieThreshold,
        Duration heartbeat,
        Duration dagDirListInterval,
        Map<String, String> warehouse) {

    public static final String FILE_NAME = "weir.yaml";

    public ProjectSettings {
        requireNonNull(dagsFolder, "dagsFolder is null");
        requireNonNull(zombieThreshold, "zombieThreshold is null");
        requireNonNull(heartbeat, "heartbeat is null");
        requireNonNull(dagDirListInterval, "dagDirListInterval is null");
        warehouse = Map.copyOf(warehouse);
    }

    public static ProjectSettings defaults() {
        return new ProjectSettings(
                Path.of("dags"),
                true,
                32,
                128,
                30,
                ByteSizes.parse("5 GB"),
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                Map.of());
    }

    /**
     * Reads {@code weir.yaml} in {@code projectDir}; the defaults when there is none.
     *
     * @throws WeirException with {@link ErrorCode#CONFIGURATION} naming the file, line and key of a bad setting
     */
    public static ProjectSettings load(Path projectDir) {
        Path file = projectDir.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return defaults();
        } catch (IOException e) {
            throw new WeirException(
                    ErrorCode.CONFIGURATION, "Cannot read " + file + " (" + e + "); check its permissions", e);
        }
        return new SettingsReader(file).read(text, defaults());
    }

    /** The DAG folder resolved against the project folder. */
    public Path dagsDir(Path projectDir) {
        return projectDir.resolve(dagsFolder);
    }

    /** A readable summary, as {@code weir} prints it at start-up. */
    public String describe() {
        return "dags_folder=" + dagsFolder + ", parallelism=" + parallelism + ", default_pool_slots="
                + defaultPoolSlots + ", logs.retention_days=" + logsRetentionDays + ", logs.max_size="
                + ByteSizes.format(logsMaxSizeBytes) + ", scheduler.zombie_threshold="
                + Durations.format(zombieThreshold) + ", scheduler.heartbeat=" + Durations.format(heartbeat)
                + ", scheduler.dag_dir_list_interval=" + Durations.format(dagDirListInterval)
                + (warehouse.isEmpty() ? "" : ", warehouse=" + warehouse);
    }
}
