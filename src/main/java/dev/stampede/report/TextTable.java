package dev.stampede.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A fixed-width text table: the first {@code leftColumns} columns left-aligned, the others right-aligned, two spaces apart. */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int leftColumns;

    TextTable(int leftColumns) { this.leftColumns = leftColumns; }

    TextTable row(String... cells) {
        rows.add(cells);
        return this;
    }

    void print(PrintWriter out, String indent) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] r : rows) for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < r.length; c++) {
                if (c > 0) line.append("  ");
                String pad = " ".repeat(width[c] - r[c].length());
                line.append(c < leftColumns ? r[c] + pad : pad + r[c]);
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
