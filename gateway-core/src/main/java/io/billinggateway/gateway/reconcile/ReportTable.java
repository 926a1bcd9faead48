package io.billinggateway.gateway.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * The human form of a {@link ReconcileReport}: a summary line, then one row per difference in aligned columns (kind,
 * entity, ours, provider's, action), the action followed by {@code (fixed)} when this run applied it.
 */
final class ReportTable {
    private static final List<String> HEADER = List.of("KIND", "ENTITY", "OURS", "PROVIDER", "ACTION");

    private ReportTable() {
    }

    static String render(ReconcileReport report) {
        StringBuilder out = new StringBuilder();
        out.append("network ").append(report.network()).append(" since ").append(report.since()).append(": ")
                .append(report.providerEvents()).append(" provider record(s) compared, ")
                .append(report.differences().size()).append(" difference(s), ")
                .append(report.remaining()).append(" remaining").append(System.lineSeparator());
        if (report.differences().isEmpty()) {
            return out.toString();
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Difference difference : report.differences()) {
            rows.add(List.of(difference.kind(), difference.entity(), difference.ours(), difference.provider(),
                    difference.action() + (difference.fixed() ? " (fixed)" : "")));
        }
        int[] widths = new int[HEADER.size()];
        rows.forEach(row -> {
            for (int column = 0; column < row.size(); column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        });
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < row.size(); column++) {
                String cell = row.get(column);
                line.append(cell);
                if (column < row.size() - 1) {
                    line.append(" ".repeat(widths[column] - cell.length() + 2));
                }
            }
            out.append(line).append(System.lineSeparator());
        }
        return out.toString();
    }
}
