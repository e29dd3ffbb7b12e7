package dev.stampede.scenario;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Sets one numeric scenario key, named by its dotted path ({@code load.clients}, {@code retry.base},
 * {@code server.phases[1].capacityFactor}), to a value as it would be written in the file ({@code 40},
 * {@code 250ms}, {@code 100/s}). {@link ScenarioLoader} applies overrides to the YAML tree before validation,
 * so a value the scenario cannot take is reported like any other: {@code file:line:column: path: problem}, at
 * the position of the value it replaced.
 *
 * @param path   dotted key path; a list item is {@code key[i]} (0-based)
 * @param value  the new value's text: a number with an optional unit
 * @param origin where the override came from, for messages (e.g. {@code --sweep})
 */
public record NumericOverride(String path, String value, String origin) {

    /** A number with an optional unit: {@code 40}, {@code 0.5}, {@code 250ms}, {@code 100/s}, {@code 2e3}. */
    static final Pattern NUMBER_WITH_UNIT = Pattern.compile("\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*[A-Za-zµ%/]*\\s*");
    private static final Pattern PATH = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\[\\d+])*(\\.[A-Za-z][A-Za-z0-9_-]*(\\[\\d+])*)*");

    public NumericOverride {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(origin, "origin");
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException(origin + ": '" + path + "' is not a key path (expected dotted keys such as "
                    + "load.clients or server.phases[1].capacityFactor)");
        }
        if (!isNumeric(value)) {
            throw new IllegalArgumentException(origin + ": " + path + "=" + value
                    + ": not a number (expected a number with an optional unit, such as 40, 250ms or 100/s)");
        }
    }

    /** True for a number with an optional unit, as scenario files write numeric values. */
    public static boolean isNumeric(String text) {
        return NUMBER_WITH_UNIT.matcher(text).matches();
    }
}
