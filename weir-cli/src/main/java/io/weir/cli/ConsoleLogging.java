package io.weir.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.List;

/**
 * Logback's set-up for the CLI, in code rather than a {@code logback.xml}, so that no command pays for an XML parser
 * at start-up: warnings (or {@code WEIR_LOG_LEVEL}) on stderr as {@code LEVEL Logger: message}; libraries that report
 * progress at INFO and harmless notices at WARN are kept to errors.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    private static final List<String> QUIET_LIBRARIES =
            List.of("com.zaxxer.hikari", "org.jdbi", "com.hubspot.jinjava", "h2database");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        // Keeps Logback from printing its own status lines.
        context.getStatusManager().add(new NopStatusListener());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{0}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDERR");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("WEIR_LOG_LEVEL"), Level.WARN));
        root.addAppender(console);
        for (String library : QUIET_LIBRARIES) {
            context.getLogger(library).setLevel(Level.ERROR);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
