package io.weir.extract.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchSourcesTest {
    @Test
    void theFloorsNotesHaveTheShapeOfTheSourcesMd5Notes() {
        Set<String> notes = new HashSet<>();
        for (long g = 1; g <= 10_000; g++) {
            String note = BenchSources.note(g);
            assertThat(note).hasSize("order note ".length() + 32).matches("order note [0-9a-f]{32}");
            notes.add(note);
        }
        assertThat(notes).hasSize(10_000);
    }
}
