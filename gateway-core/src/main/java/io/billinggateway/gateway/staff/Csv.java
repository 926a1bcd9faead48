package io.billinggateway.gateway.staff;

import java.util.List;

/**
 * RFC 4180 CSV for staff exports. A cell that a spreadsheet would read as a formula (starting with {@code =}, {@code +},
 * {@code -}, {@code @}, tab or carriage return) is prefixed with a single quote, so an exported user id or provider
 * reference never runs as a formula.
 */
final class Csv {
    private final StringBuilder text = new StringBuilder();

    /** Appends one record; a null cell is empty. */
    Csv row(List<?> cells) {
        for (int index = 0; index < cells.size(); index++) {
            if (index > 0) {
                text.append(',');
            }
            text.append(cell(cells.get(index)));
        }
        text.append("\r\n");
        return this;
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String cell = value.toString();
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            cell = "'" + cell;
        }
        if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
