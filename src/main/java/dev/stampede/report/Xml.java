package dev.stampede.report;

/** Escaping for XML 1.0 text and attribute values (shared by the JUnit and HTML reports). */
final class Xml {

    private Xml() {}

    /**
     * Escapes {@code & < > " '} and replaces the characters XML 1.0 cannot carry at all (control
     * characters other than tab, line feed and carriage return; unpaired surrogates; U+FFFE, U+FFFF) with
     * U+FFFD, so that any strategy name or message still yields a well-formed document.
     */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                // As references, line breaks and tabs survive attribute-value normalisation.
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append("&#9;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        b.append(c).append(text.charAt(++i));
                    } else if (allowed(c)) {
                        b.append(c);
                    } else {
                        b.append('\uFFFD');
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean allowed(char c) {
        if (c < 0x20 || Character.isSurrogate(c)) return false;
        return c != '\uFFFE' && c != '\uFFFF';
    }
}
