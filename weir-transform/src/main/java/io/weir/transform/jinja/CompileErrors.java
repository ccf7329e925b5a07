package io.weir.transform.jinja;

import com.hubspot.jinjava.interpret.TemplateError;
import io.weir.transform.TransformException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what went wrong in a render into one message naming the node, its file and the line. */
final class CompileErrors {
    private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("Could not resolve function '([^']+)'");

    private CompileErrors() {}

    /**
     * @param lineOffset added to Jinjava's line numbers (a macro's first line in its file, minus one)
     * @throws TransformException when {@code failure} is set or a fatal error was recorded
     */
    static void check(String where, int lineOffset, TransformException failure, List<TemplateError> errors) {
        TemplateError first = errors.stream()
                .filter(error -> error.getSeverity() == TemplateError.ErrorType.FATAL)
                .findFirst()
                .orElse(null);
        if (failure == null && first == null) {
            return;
        }
        int line = first == null || first.getLineno() <= 0 ? 0 : first.getLineno() + lineOffset;
        String location = "Compilation error in " + where + (line > 0 ? ", line " + line : "") + ": ";
        if (failure != null) {
            if (failure.getMessage() != null && failure.getMessage().startsWith("Compilation error in ")) {
                throw failure;
            }
            throw new TransformException(location + failure.getMessage(), failure);
        }
        throw new TransformException(location + describe(first));
    }

    private static String describe(TemplateError error) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        Matcher unknown = UNKNOWN_FUNCTION.matcher(message);
        if (unknown.find()) {
            return "'" + unknown.group(1) + "' is undefined: no macro or function has that name; define it in the"
                    + " project's macros or fix the name";
        }
        return message;
    }
}
