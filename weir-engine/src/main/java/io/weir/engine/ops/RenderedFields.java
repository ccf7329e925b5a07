package io.weir.engine.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.WeirException;
import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import io.weir.core.template.TemplateContext;
import io.weir.engine.EngineServices;
import io.weir.engine.log.SecretMasker;
import io.weir.engine.runner.TaskTemplates;
import io.weir.store.DagRunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's templated keys rendered for one run, as its try saw them, for the task-instance page. Values of the
 * task's declared secrets, and of variables whose keys look secret, are masked as the task's log masks them.
 */
public final class RenderedFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RenderedFields() {}

    /** Each templated key of {@code task} and its rendered value (as text), or the rendering error's message. */
    public static Map<String, String> render(
            EngineServices services, Dag dag, DagRunRecord run, TaskSpec task, int tryNumber) {
        List<String> hidden = declaredSecrets(services, dag, task);
        TemplateContext context = TaskTemplates.context(services, dag, run, task, Math.max(1, tryNumber), key -> {
            Optional<String> value = TaskTemplates.variable(services, key);
            if (SecretMasker.looksSecret(key)) {
                value.ifPresent(hidden::add);
            }
            return value;
        });
        Map<String, String> rendered = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : task.params().entrySet()) {
            String where = TaskTemplates.where(dag, task, entry.getKey());
            String text;
            try {
                Object value = services.renderer().render(entry.getValue(), context, where);
                text = value instanceof String string ? string : JSON.writeValueAsString(value);
            } catch (WeirException | JsonProcessingException e) {
                text = "(does not render: " + e.getMessage() + ")";
            }
            rendered.put(entry.getKey(), text);
        }
        SecretMasker masker = new SecretMasker(hidden);
        rendered.replaceAll((key, value) -> masker.mask(value));
        return rendered;
    }

    /** The values of the secrets {@code task} declares, to mask wherever its output is shown. */
    public static List<String> declaredSecrets(EngineServices services, Dag dag, TaskSpec task) {
        List<String> values = new ArrayList<>();
        for (String name : task.secrets()) {
            try {
                values.add(services.secrets().resolve(name, dag.dagId(), task.taskId()));
            } catch (WeirException e) {
                // A secret that does not resolve here has no value to hide.
            }
        }
        return values;
    }
}
