package io.incidentbot.web;

import io.incidentbot.postmortem.Metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Server-rendered SVG charts: plain markup, no script, no build step. Every label goes through
 * {@link Html#esc}; colours come from classes styled in {@link Layout#CSS} (inline styles would be
 * refused by the pages' Content-Security-Policy). Each chart is an {@code <svg role="img">} with a
 * title; the pages put a table with the same numbers next to it.
 */
final class Charts {
    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;
    /** Log-scale ticks of the duration charts. */
    private static final List<Duration> TICKS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(4),
            Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(30),
            Duration.ofDays(90), Duration.ofDays(365));
    /** How many incidents the trend line's moving median spans. */
    static final int TREND_WINDOW = 5;

    private Charts() {
    }

    /** One incident's value on a duration chart; {@code label} names it in the tooltip (e.g. "INC-3"). */
    record Point(Instant at, Duration value, String label) {
    }

    /**
     * Durations over time on a logarithmic scale (from a minute up): one dot per incident, the moving
     * median of the last {@value #TREND_WINDOW} as the trend, and the target as a dashed line.
     */
    static String durations(String title, List<Point> points, Duration target) {
        StringBuilder svg = open(title);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        if (points.isEmpty()) {
            return empty(svg, "No incidents with this time yet");
        }
        List<Point> sorted = points.stream().sorted((a, b) -> a.at().compareTo(b.at())).toList();
        Duration max = target == null ? Duration.ZERO : target;
        for (Point p : sorted) {
            max = p.value().compareTo(max) > 0 ? p.value() : max;
        }
        Duration ceiling = max;
        Duration top = TICKS.stream()
                .filter(t -> t.compareTo(ceiling) >= 0 && t.compareTo(Duration.ofMinutes(5)) >= 0)
                .findFirst().orElse(TICKS.get(TICKS.size() - 1));
        double lo = Math.log(60);
        double hi = Math.log(top.toSeconds());
        long t0 = sorted.get(0).at().toEpochMilli();
        long t1 = sorted.get(sorted.size() - 1).at().toEpochMilli();
        // y: log of the duration (under a minute sits on the floor); x: when the incident was opened
        java.util.function.ToDoubleFunction<Duration> y = d -> {
            double v = Math.log(Math.max(60, Math.min(top.toSeconds(), d.toSeconds())));
            return TOP + plotH - (v - lo) / (hi - lo) * plotH;
        };
        java.util.function.ToDoubleFunction<Instant> x = at -> t1 == t0 ? LEFT + plotW / 2.0
                : LEFT + (double) (at.toEpochMilli() - t0) / (t1 - t0) * plotW;

        for (Duration t : TICKS) {
            if (t.compareTo(top) > 0) {
                break;
            }
            double ty = y.applyAsDouble(t);
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW)
                    .append("\" y1=\"").append(num(ty)).append("\" y2=\"").append(num(ty)).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(num(ty + 4))
                    .append("\" text-anchor=\"end\">").append(Html.esc(Metrics.formatDuration(t))).append("</text>\n");
        }
        if (target != null) {
            double ty = y.applyAsDouble(target);
            svg.append("<line class=\"target\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW)
                    .append("\" y1=\"").append(num(ty)).append("\" y2=\"").append(num(ty)).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(LEFT + plotW).append("\" y=\"").append(num(ty - 4))
                    .append("\" text-anchor=\"end\">target ").append(Html.esc(Metrics.formatDuration(target)))
                    .append("</text>\n");
        }
        axisDates(svg, sorted.get(0).at(), sorted.get(sorted.size() - 1).at(), plotW);

        List<Duration> trend = movingMedian(sorted.stream().map(Point::value).toList(), TREND_WINDOW);
        if (sorted.size() > 1) {
            svg.append("<polyline class=\"trend\" points=\"");
            for (int i = 0; i < sorted.size(); i++) {
                svg.append(i == 0 ? "" : " ").append(num(x.applyAsDouble(sorted.get(i).at()))).append(',')
                        .append(num(y.applyAsDouble(trend.get(i))));
            }
            svg.append("\"><title>Trend: median of the last ").append(TREND_WINDOW).append(" incidents</title>")
                    .append("</polyline>\n");
        }
        for (Point p : sorted) {
            svg.append("<circle class=\"dot\" r=\"4\" cx=\"").append(num(x.applyAsDouble(p.at()))).append("\" cy=\"")
                    .append(num(y.applyAsDouble(p.value()))).append("\"><title>").append(Html.esc(p.label()))
                    .append(" · ").append(Html.esc(Formats.DATE.format(p.at()))).append(" · ")
                    .append(Html.esc(Metrics.formatDuration(p.value()))).append("</title></circle>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    /** The median of each value and up to {@code window - 1} values before it. */
    static List<Duration> movingMedian(List<Duration> values, int window) {
        List<Duration> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            List<Duration> span = new ArrayList<>(values.subList(Math.max(0, i - window + 1), i + 1));
            span.sort(null);
            int n = span.size();
            out.add(n % 2 == 1 ? span.get(n / 2) : span.get(n / 2 - 1).plus(span.get(n / 2)).dividedBy(2));
        }
        return out;
    }

    /**
     * Stacked columns: one per category (e.g. a month), one segment per series (e.g. a severity),
     * classed {@code seriesClasses[s]}. {@code values[c][s]} are counts.
     */
    static String stackedColumns(String title, List<String> categories, List<String> series,
                                 List<String> seriesClasses, int[][] values) {
        StringBuilder svg = open(title);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        int max = 0;
        for (int[] column : values) {
            int sum = 0;
            for (int v : column) {
                sum += v;
            }
            max = Math.max(max, sum);
        }
        if (categories.isEmpty() || max == 0) {
            return empty(svg, "No incidents in this period");
        }
        int step = niceStep(max);
        int top = ((max + step - 1) / step) * step;
        for (int t = 0; t <= top; t += step) {
            double ty = TOP + plotH - (double) t / top * plotH;
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW)
                    .append("\" y1=\"").append(num(ty)).append("\" y2=\"").append(num(ty)).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(num(ty + 4))
                    .append("\" text-anchor=\"end\">").append(t).append("</text>\n");
        }
        double slot = (double) plotW / categories.size();
        double barW = Math.max(2, Math.min(48, slot * 0.7));
        for (int c = 0; c < categories.size(); c++) {
            double bx = LEFT + c * slot + (slot - barW) / 2;
            double base = TOP + plotH;
            for (int s = 0; s < series.size(); s++) {
                int v = values[c][s];
                if (v == 0) {
                    continue;
                }
                double h = (double) v / top * plotH;
                base -= h;
                svg.append("<rect class=\"").append(Html.esc(seriesClasses.get(s))).append("\" x=\"").append(num(bx))
                        .append("\" y=\"").append(num(base)).append("\" width=\"").append(num(barW))
                        .append("\" height=\"").append(num(h)).append("\"><title>").append(Html.esc(categories.get(c)))
                        .append(" · ").append(Html.esc(series.get(s))).append(": ").append(v).append("</title></rect>\n");
            }
            // label every column when they fit, else every few
            int every = (int) Math.ceil(categories.size() / 12.0);
            if (c % every == 0 || c == categories.size() - 1) {
                svg.append("<text class=\"tick\" x=\"").append(num(LEFT + c * slot + slot / 2)).append("\" y=\"")
                        .append(TOP + plotH + 18).append("\" text-anchor=\"middle\">").append(Html.esc(categories.get(c)))
                        .append("</text>\n");
            }
        }
        svg.append("<g class=\"legend\">");
        double lx = LEFT;
        for (int s = 0; s < series.size(); s++) {
            svg.append("<rect class=\"").append(Html.esc(seriesClasses.get(s))).append("\" x=\"").append(num(lx))
                    .append("\" y=\"").append(HEIGHT - 14).append("\" width=\"10\" height=\"10\"/>")
                    .append("<text class=\"tick\" x=\"").append(num(lx + 14)).append("\" y=\"").append(HEIGHT - 5)
                    .append("\">").append(Html.esc(series.get(s))).append("</text>");
            lx += 24 + 8 * series.get(s).length();
        }
        return svg.append("</g>\n</svg>\n").toString();
    }

    /** Horizontal bars, one row per label, split into two parts (e.g. overdue and not yet due). */
    static String splitBars(String title, List<String> labels, int[] first, int[] second, String firstName,
                            String secondName) {
        int rowH = 26;
        int labelW = 180;
        int height = TOP + labels.size() * rowH + 28;
        StringBuilder svg = new StringBuilder(2048);
        svg.append("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\"><title>").append(Html.esc(title)).append("</title>\n");
        if (labels.isEmpty()) {
            return svg.append("<text class=\"tick\" x=\"").append(WIDTH / 2).append("\" y=\"").append(height / 2)
                    .append("\" text-anchor=\"middle\">No open action items</text>\n</svg>\n").toString();
        }
        int max = 1;
        for (int i = 0; i < labels.size(); i++) {
            max = Math.max(max, first[i] + second[i]);
        }
        int plotW = WIDTH - labelW - RIGHT - 40;
        for (int i = 0; i < labels.size(); i++) {
            double y = TOP + i * rowH;
            svg.append("<text class=\"tick\" x=\"").append(labelW - 8).append("\" y=\"").append(num(y + 16))
                    .append("\" text-anchor=\"end\">").append(Html.esc(ellipsis(labels.get(i), 24))).append("</text>");
            double w1 = (double) first[i] / max * plotW;
            double w2 = (double) second[i] / max * plotW;
            if (first[i] > 0) {
                svg.append("<rect class=\"overdue\" x=\"").append(labelW).append("\" y=\"").append(num(y + 4))
                        .append("\" width=\"").append(num(w1)).append("\" height=\"18\"><title>")
                        .append(Html.esc(labels.get(i))).append(" · ").append(Html.esc(firstName)).append(": ")
                        .append(first[i]).append("</title></rect>");
            }
            if (second[i] > 0) {
                svg.append("<rect class=\"open\" x=\"").append(num(labelW + w1)).append("\" y=\"").append(num(y + 4))
                        .append("\" width=\"").append(num(w2)).append("\" height=\"18\"><title>")
                        .append(Html.esc(labels.get(i))).append(" · ").append(Html.esc(secondName)).append(": ")
                        .append(second[i]).append("</title></rect>");
            }
            svg.append("<text class=\"tick\" x=\"").append(num(labelW + w1 + w2 + 6)).append("\" y=\"")
                    .append(num(y + 16)).append("\">").append(first[i] + second[i]).append("</text>\n");
        }
        double ly = TOP + labels.size() * rowH + 10;
        svg.append("<g class=\"legend\"><rect class=\"overdue\" x=\"").append(labelW).append("\" y=\"").append(num(ly))
                .append("\" width=\"10\" height=\"10\"/><text class=\"tick\" x=\"").append(labelW + 14).append("\" y=\"")
                .append(num(ly + 9)).append("\">").append(Html.esc(firstName)).append("</text>")
                .append("<rect class=\"open\" x=\"").append(labelW + 100).append("\" y=\"").append(num(ly))
                .append("\" width=\"10\" height=\"10\"/><text class=\"tick\" x=\"").append(labelW + 114)
                .append("\" y=\"").append(num(ly + 9)).append("\">").append(Html.esc(secondName)).append("</text></g>\n");
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(String title) {
        return new StringBuilder(4096).append("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\"><title>").append(Html.esc(title)).append("</title>\n");
    }

    private static String empty(StringBuilder svg, String message) {
        return svg.append("<text class=\"tick\" x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                .append("\" text-anchor=\"middle\">").append(Html.esc(message)).append("</text>\n</svg>\n").toString();
    }

    private static void axisDates(StringBuilder svg, Instant first, Instant last, int plotW) {
        int y = HEIGHT - BOTTOM + 18;
        svg.append("<text class=\"tick\" x=\"").append(LEFT).append("\" y=\"").append(y).append("\">")
                .append(Html.esc(Formats.DATE.format(first))).append("</text>");
        if (!Formats.DATE.format(first).equals(Formats.DATE.format(last))) {
            svg.append("<text class=\"tick\" x=\"").append(LEFT + plotW).append("\" y=\"").append(y)
                    .append("\" text-anchor=\"end\">").append(Html.esc(Formats.DATE.format(last))).append("</text>");
        }
        svg.append('\n');
    }

    /** 1, 2 or 5 × 10^n, so that about five gridlines cover {@code max}. */
    static int niceStep(int max) {
        int raw = Math.max(1, (int) Math.ceil(max / 5.0));
        int magnitude = 1;
        while (magnitude * 10 <= raw) {
            magnitude *= 10;
        }
        for (int m : new int[]{1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String ellipsis(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
