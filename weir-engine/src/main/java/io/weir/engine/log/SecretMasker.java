package io.weir.engine.log;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Replaces every occurrence of a secret value with {@code ***}. Values shorter than {@value #MINIMUM_LENGTH}
 * characters are not masked: masking "1" or "on" would garble every line without hiding anything worth hiding.
 */
public final class SecretMasker {
    public static final int MINIMUM_LENGTH = 3;
    public static final String MASK = "***";
    private static final List<String> SECRET_WORDS =
            List.of("password", "secret", "passwd", "authorization", "token", "key", "api");

    private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.US_ASCII);
    private static final SecretMasker NONE = new SecretMasker(List.of());

    private final List<String> values;
    private final List<byte[]> patterns;
    private final int longestPattern;

    public SecretMasker(Collection<String> secretValues) {
        requireNonNull(secretValues, "secretValues is null");
        Set<String> unique = new LinkedHashSet<>();
        for (String value : secretValues) {
            if (value == null) {
                continue;
            }
            addIfLongEnough(unique, value);
            // Output is masked line by line, so each line of a multi-line secret (a key file) is a value of its own.
            if (value.indexOf('\n') >= 0) {
                for (String line : value.split("\r?\n")) {
                    addIfLongEnough(unique, line);
                }
            }
        }
        List<String> sorted = new ArrayList<>(unique);
        // Longest first, so a secret that contains another is masked whole.
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.values = List.copyOf(sorted);
        this.patterns = sorted.stream()
                .map(value -> value.getBytes(StandardCharsets.UTF_8))
                .toList();
        this.longestPattern =
                patterns.stream().mapToInt(pattern -> pattern.length).max().orElse(0);
    }

    /**
     * Whether a key (a variable's, an XCom's, a JSON field's) looks like it holds a secret, so that its value is shown
     * masked: it names a password, secret, passwd, authorization, token, key or api.
     */
    public static boolean looksSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    public static SecretMasker none() {
        return NONE;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The length in bytes of the longest value masked; 0 when there is none. */
    public int longestPatternBytes() {
        return longestPattern;
    }

    public String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        StringBuilder masked = new StringBuilder(text.length());
        int position = 0;
        while (position < text.length()) {
            String match = matchAt(text, position);
            if (match == null) {
                masked.append(text.charAt(position));
                position++;
            } else {
                masked.append(MASK);
                position += match.length();
            }
        }
        return masked.toString();
    }

    /** Masks {@code bytes[0, length)}, the raw output of a process, without decoding it. */
    public byte[] mask(byte[] bytes, int length) {
        if (patterns.isEmpty()) {
            return Arrays.copyOf(bytes, length);
        }
        ByteArrayOutputStream masked = new ByteArrayOutputStream(length);
        int position = 0;
        while (position < length) {
            int matched = matchAt(bytes, length, position);
            if (matched == 0) {
                masked.write(bytes[position]);
                position++;
            } else {
                masked.write(MASK_BYTES, 0, MASK_BYTES.length);
                position += matched;
            }
        }
        return masked.toByteArray();
    }

    /**
     * The greatest index at or before {@code index} where {@code bytes[0, length)} can be cut without splitting an
     * occurrence of a secret, so that each part can be masked on its own.
     */
    public int safeCut(byte[] bytes, int length, int index) {
        int cut = index;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (int start = Math.max(0, cut - longestPattern + 1); start < cut; start++) {
                int matched = matchAt(bytes, length, start);
                if (matched > 0 && start + matched > cut) {
                    cut = start;
                    moved = true;
                    break;
                }
            }
        }
        return cut;
    }

    private String matchAt(String text, int position) {
        for (String value : values) {
            if (text.startsWith(value, position)) {
                return value;
            }
        }
        return null;
    }

    private int matchAt(byte[] bytes, int length, int position) {
        for (byte[] pattern : patterns) {
            if (position + pattern.length <= length
                    && bytes[position] == pattern[0]
                    && Arrays.equals(bytes, position, position + pattern.length, pattern, 0, pattern.length)) {
                return pattern.length;
            }
        }
        return 0;
    }

    private static void addIfLongEnough(Set<String> values, String value) {
        if (value.length() >= MINIMUM_LENGTH) {
            values.add(value);
        }
    }
}
