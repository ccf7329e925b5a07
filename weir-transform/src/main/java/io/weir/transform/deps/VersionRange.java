package io.weir.transform.deps;

import io.weir.transform.TransformException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versions a {@code version:} of {@code packages.yml} allows: every constraint must hold, as in dbt. A constraint
 * is an exact version ({@code 1.1.1} or {@code =1.1.1}) or a bound ({@code >=1.0.0}, {@code <2.0.0}, {@code >},
 * {@code <=}); one entry may hold several, separated by commas or spaces ({@code ">=1.0.0, <2.0.0"}).
 */
public record VersionRange(List<Constraint> constraints, String declared) {
    private static final Pattern CONSTRAINT =
            Pattern.compile("(>=|<=|==|>|<|=)?\\s*(v?\\d+(?:\\.\\d+){0,2}(?:-[0-9A-Za-z.]+)?)");

    public VersionRange {
        constraints = List.copyOf(constraints);
    }

    /** One bound: {@code operator} is one of {@code = >= <= > <}. */
    public record Constraint(String operator, SemanticVersion version) {
        boolean allows(SemanticVersion candidate) {
            int order = candidate.compareTo(version);
            return switch (operator) {
                case ">=" -> order >= 0;
                case "<=" -> order <= 0;
                case ">" -> order > 0;
                case "<" -> order < 0;
                default -> order == 0;
            };
        }
    }

    /**
     * Reads the entries of a {@code version:}.
     *
     * @throws TransformException naming {@code what} and the entry when an entry is not a version constraint
     */
    public static VersionRange parse(List<String> entries, String what) {
        List<Constraint> constraints = new ArrayList<>();
        for (String entry : entries) {
            Matcher matcher = CONSTRAINT.matcher(entry);
            int end = 0;
            while (matcher.find()) {
                if (!entry.substring(end, matcher.start()).matches("[\\s,]*")) {
                    break;
                }
                String operator = matcher.group(1) == null || matcher.group(1).equals("==") ? "=" : matcher.group(1);
                constraints.add(new Constraint(
                        operator, SemanticVersion.parse(matcher.group(2)).orElseThrow()));
                end = matcher.end();
            }
            if (end == 0 || !entry.substring(end).matches("[\\s,]*")) {
                throw new TransformException(what + ": '" + entry + "' is not a version or a range; write one such as"
                        + " \"1.1.1\" or [\">=1.0.0\", \"<2.0.0\"]");
            }
        }
        return new VersionRange(constraints, String.join(", ", entries));
    }

    /** Whether {@code version} (such as {@code 1.8.0}) is in the range; false when it is not a version. */
    public boolean allows(String version) {
        return SemanticVersion.parse(version).map(this::allows).orElse(false);
    }

    boolean allows(SemanticVersion candidate) {
        return constraints.stream().allMatch(constraint -> constraint.allows(candidate));
    }

    /** Whether the range pins a pre-release exactly, so it may be installed without {@code install-prerelease}. */
    boolean pinsPrerelease() {
        return constraints.stream()
                .anyMatch(constraint -> constraint.operator().equals("=")
                        && constraint.version().isPrerelease());
    }

    @Override
    public String toString() {
        return "[" + declared + "]";
    }
}
