package dev.stampede.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads {@code run --start-at TIME}: an RFC 3339 date-time with an offset, or epoch milliseconds. */
final class StartAt {

    private StartAt() {}

    /**
     * The instant {@code text} names: {@code 2026-12-01T23:00:00Z}, {@code 2026-12-01T23:00:00.250+01:00} (RFC 3339;
     * a space or a lower-case {@code t}/{@code z} as RFC 3339 allows) or {@code 1796166000000} (epoch milliseconds).
     *
     * @throws UserException when it is neither
     */
    static Instant parse(String text) {
        String t = text.strip();
        if (t.matches("\\d{1,15}")) return Instant.ofEpochMilli(Long.parseLong(t));
        try {
            String normalised = t.toUpperCase(Locale.ROOT);
            if (normalised.length() > 10 && normalised.charAt(10) == ' ') {
                normalised = normalised.substring(0, 10) + 'T' + normalised.substring(11);
            }
            return OffsetDateTime.parse(normalised, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new UserException("--start-at: expected an RFC 3339 time with an offset such as 2026-12-01T23:00:00Z, or epoch "
                    + "milliseconds such as 1796166000000, got '" + text + "'");
        }
    }
}
