package io.weir.extract.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordStreamTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private static List<String> records(ObjectMapper mapper, String document, String path) throws Exception {
        try (RecordStream stream =
                new RecordStream(mapper.getFactory().createParser(document), mapper, ListPath.parse(path), List.of())) {
            List<String> records = new ArrayList<>();
            for (JsonNode record = stream.next(); record != null; record = stream.next()) {
                records.add(record.toString());
            }
            return records;
        }
    }

    @Test
    void readsTheItemsOfANestedListAndSkipsEverythingElse() throws Exception {
        String page = "{\"skip\": [1, {\"data\": [9]}], \"meta\": {\"data\": [8]}, \"a\": {\"b\": [{\"id\": 1},"
                + " {\"id\": 2, \"data\": [3]}]}, \"after\": {\"x\": 1}}";

        assertThat(records(JSON, page, ".a.b[]")).containsExactly("{\"id\":1}", "{\"id\":2,\"data\":[3]}");
        assertThat(records(JSON, page, "$.a.b[*]")).hasSize(2);
        assertThat(records(JSON, page, "a.b")).hasSize(2);
    }

    @Test
    void theRootIsTheDocumentItselfAndAnObjectAtThePathIsOneRecord() throws Exception {
        assertThat(records(JSON, "[{\"id\": 1}, {\"id\": 2}]", ".")).hasSize(2);
        assertThat(records(JSON, "{\"owner\": {\"name\": \"ana\"}}", ".owner")).containsExactly("{\"name\":\"ana\"}");
        assertThat(records(JSON, "{\"owner\": {\"name\": \"ana\"}}", "."))
                .containsExactly("{\"owner\":{\"name\":\"ana\"}}");
    }

    @Test
    void readsYamlListsToo() throws Exception {
        String team =
                """
                company: weir
                team:
                  - name: Ana
                    role: lead
                  - name: Ben
                    departments: [data, platform]
                """;

        assertThat(records(YAML, team, ".team[]"))
                .containsExactly(
                        "{\"name\":\"Ana\",\"role\":\"lead\"}",
                        "{\"name\":\"Ben\",\"departments\":[\"data\",\"platform\"]}");
    }

    @Test
    void picksUpSingleValuesBeforeAndAfterTheList() throws Exception {
        ListPath cursor = ListPath.parse(".paging.next");
        ListPath total = ListPath.parse(".total");
        String page = "{\"total\": 3, \"data\": [{\"paging\": {\"next\": \"no\"}}], \"paging\": {\"next\": \"c2\"}}";
        try (RecordStream stream = new RecordStream(
                JSON.getFactory().createParser(page), JSON, ListPath.parse(".data"), List.of(cursor, total))) {
            assertThat(stream.next()).isNotNull();
            assertThat(stream.next()).isNull();
            assertThat(stream.foundList()).isTrue();
            assertThat(stream.captured(cursor)).isEqualTo("c2");
            assertThat(stream.captured(total)).isEqualTo("3");
        }
    }

    @Test
    void aDocumentWithoutThePathHasNoList() throws Exception {
        try (RecordStream stream = new RecordStream(
                JSON.getFactory().createParser("{\"error\": \"nope\"}"), JSON, ListPath.parse(".data"), List.of())) {
            assertThat(stream.next()).isNull();
            assertThat(stream.foundList()).isFalse();
        }
    }

    @Test
    void aPathOutsideTheSyntaxSaysWhatTheSyntaxIs() {
        assertThatThrownBy(() -> ListPath.parse(".a[0].b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write keys after dots, such as .data or .a.b, with [] at the end for a list");
        assertThat(ListPath.parse(".\"first-name\".x").keys()).containsExactly("first-name", "x");
    }
}
