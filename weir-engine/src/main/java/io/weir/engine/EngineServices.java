package io.weir.engine;

import io.weir.core.project.ProjectSettings;
import io.weir.core.task.TaskTypeRegistry;
import io.weir.core.template.TemplateRenderer;
import io.weir.engine.secret.SecretResolver;
import io.weir.store.MetadataStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What the scheduler, executor and operations share: the project, its settings, the metadata store and the task
 * types. Built once by {@link Weir}.
 *
 * @param environment the process environment Weir was started with (variables overrides, secrets)
 */
public record EngineServices(
        Path projectDir,
        Path weirDir,
        Path logsDir,
        ProjectSettings settings,
        MetadataStore store,
        TaskTypeRegistry taskTypes,
        TemplateRenderer renderer,
        SecretResolver secrets,
        Map<String, String> environment,
        Clock clock,
        String hostname) {}
