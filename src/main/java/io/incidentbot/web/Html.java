package io.incidentbot.web;

/**
 * The one escaping helper of the web pages: every piece of text that did not come from this
 * package's own string constants goes through {@link #esc} before it becomes part of a page.
 * Safe for element content and for double-quoted attribute values.
 */
public final class Html {
    private Html() {
    }

    /** {@code & < > " '} as character references; NUL and other C0 controls but tab/newline dropped; null → "". */
    public static String esc(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder out = null;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? "" : null;
            };
            if (replacement == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n + 16).append(text, 0, i);
            }
            out.append(replacement);
        }
        return out == null ? text : out.toString();
    }
}
