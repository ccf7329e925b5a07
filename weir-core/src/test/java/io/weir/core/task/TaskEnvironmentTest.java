package io.weir.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskEnvironmentTest {
    @Test
    void aTaskSeesHarmlessVariablesAndItsTrysButNoUndeclaredSecret() {
        Map<String, String> weir = Map.of(
                "PATH", "/usr/bin",
                "HOME", "/home/ana",
                "WEIR_WAREHOUSE_TRANSFORM_PASSWORD", "hunter2",
                "GITLAB_DB_PASS", "not declared");
        Map<String, String> tryEnvironment = Map.of("WEIR_DAG_ID", "shop", "SHOP_TOKEN", "declared");

        assertThat(TaskEnvironment.of(weir, tryEnvironment))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "PATH", "/usr/bin",
                        "HOME", "/home/ana",
                        "WEIR_DAG_ID", "shop",
                        "SHOP_TOKEN", "declared"));
    }

    @Test
    void theTrysValueWinsOverWeirsOwn() {
        assertThat(TaskEnvironment.of(Map.of("TZ", "UTC"), Map.of("TZ", "Europe/Zurich")))
                .containsEntry("TZ", "Europe/Zurich");
    }
}
