package io.weir.store.jdbi;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway's log through SLF4J, less its notice that H2 is newer than the versions Flyway was tested with: Weir pins
 * its H2 and runs its migrations on it in every build, so the notice only repeated on each open of the metadata
 * database. Every other message, warnings included, goes through as it is.
 */
public final class FlywayLog implements LogCreator {
    static final String H2_NEWER = "Flyway upgrade recommended: H2 ";

    @Override
    public Log createLogger(Class<?> source) {
        Logger logger = LoggerFactory.getLogger(source);
        return new Log() {
            @Override
            public boolean isDebugEnabled() {
                return logger.isDebugEnabled();
            }

            @Override
            public void debug(String message) {
                logger.debug(message);
            }

            @Override
            public void info(String message) {
                logger.info(message);
            }

            @Override
            public void warn(String message) {
                if (!message.startsWith(H2_NEWER)) {
                    logger.warn(message);
                }
            }

            @Override
            public void error(String message) {
                logger.error(message);
            }

            @Override
            public void error(String message, Exception cause) {
                logger.error(message, cause);
            }

            @Override
            public void notice(String message) {
                logger.info(message);
            }
        };
    }
}
