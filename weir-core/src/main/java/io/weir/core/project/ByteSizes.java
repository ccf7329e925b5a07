package io.weir.core.project;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as settings write them: {@code 5 GB}, {@code 512MB}, {@code 1024} (bytes); units are powers of 1024. */
public final class ByteSizes {
    public static final String ACCEPTED_FORMS =
            "write a number of bytes or a size such as 512 MB or 5 GB (KB, MB, GB, TB)";

    private static final Pattern SIZE =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|bytes|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?");
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private ByteSizes() {}

    /** @throws IllegalArgumentException naming the accepted forms */
    public static long parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        Matcher matcher = SIZE.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a size; " + ACCEPTED_FORMS);
        }
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        int power =
                switch (unit.charAt(0)) {
                    case 'k' -> 1;
                    case 'm' -> 2;
                    case 'g' -> 3;
                    case 't' -> 4;
                    default -> 0;
                };
        try {
            return new BigDecimal(matcher.group(1))
                    .multiply(BigDecimal.valueOf(1024).pow(power))
                    .setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is too large a size; " + ACCEPTED_FORMS, e);
        }
    }

    /** A short display form in the largest unit that keeps one decimal: {@code 5.0 GB}, {@code 812 B}. */
    public static String format(long bytes) {
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
