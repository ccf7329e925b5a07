package io.weir.transform.deps;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A package version as the dbt hub numbers them: {@code major.minor.patch} with an optional pre-release such as
 * {@code 1.0.0-rc1}, which orders before the release.
 */
public record SemanticVersion(int major, int minor, int patch, String prerelease)
        implements Comparable<SemanticVersion> {
    private static final Pattern VERSION =
            Pattern.compile("v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-?([0-9A-Za-z][0-9A-Za-z.]*))?");
    private static final Comparator<SemanticVersion> ORDER = Comparator.comparingInt(SemanticVersion::major)
            .thenComparingInt(SemanticVersion::minor)
            .thenComparingInt(SemanticVersion::patch)
            .thenComparing(SemanticVersion::prerelease, Comparator.nullsLast(Comparator.<String>naturalOrder()));

    static Optional<SemanticVersion> parse(String text) {
        Matcher matcher = VERSION.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SemanticVersion(
                Integer.parseInt(matcher.group(1)),
                matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2)),
                matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3)),
                matcher.group(4)));
    }

    boolean isPrerelease() {
        return prerelease != null;
    }

    @Override
    public int compareTo(SemanticVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (prerelease == null ? "" : "-" + prerelease);
    }
}
