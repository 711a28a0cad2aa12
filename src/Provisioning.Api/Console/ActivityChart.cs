using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Provisioning.Api.Console;

/// <summary>
/// The overview's two charts as inline SVG drawn on the server (no script, no chart library): signups and Ready per
/// hour as bars, and signup→Ready p50/p99 per hour as lines. Colours are distinguished by pattern too (solid and
/// outlined bars, solid and dashed lines), and each chart has a text alternative; the page has the same numbers as a table.
/// </summary>
public static class ActivityChart
{
    private const int Width = 720;
    private const int Height = 180;
    private const int Left = 44;
    private const int Bottom = 24;
    private const int Top = 10;

    public static IHtmlContent Counts(IReadOnlyList<HourlyActivity> hours)
    {
        var max = Math.Max(1, hours.Max(h => Math.Max(h.Signups, h.Ready)));
        var svg = Begin($"Signups and tenants that became Ready per hour, last {hours.Count} hours; at most {max} in an hour.", max, "");
        var slot = (Width - Left) / (double)hours.Count;
        for (var i = 0; i < hours.Count; i++)
        {
            var x = Left + i * slot;
            Bar(svg, x + 1, slot / 2 - 1.5, hours[i].Signups, max, "bar-signups", $"{hours[i].Hour:MMM d HH}:00 {hours[i].Signups} signups");
            Bar(svg, x + slot / 2, slot / 2 - 1.5, hours[i].Ready, max, "bar-ready", $"{hours[i].Hour:MMM d HH}:00 {hours[i].Ready} Ready");
        }
        return End(svg, hours, slot);
    }

    public static IHtmlContent Latency(IReadOnlyList<HourlyActivity> hours)
    {
        var max = Math.Max(1, hours.Max(h => h.P99Seconds ?? 0));
        var svg = Begin($"Signup to Ready per hour, p50 and p99 in seconds, last {hours.Count} hours; at most {max:F1} s.", max, " s");
        var slot = (Width - Left) / (double)hours.Count;
        Line(svg, hours, slot, max, h => h.P50Seconds, "line-p50");
        Line(svg, hours, slot, max, h => h.P99Seconds, "line-p99");
        return End(svg, hours, slot);
    }

    private static StringBuilder Begin(string label, double max, string unit)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(label)}\"><title>{Encode(label)}</title>");
        for (var step = 0; step <= 2; step++)
        {
            var value = max * step / 2;
            var y = Y(value, max);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width}\" y1=\"{y:F1}\" y2=\"{y:F1}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 4}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{value:0.#}{unit}</text>");
        }
        return svg;
    }

    private static HtmlString End(StringBuilder svg, IReadOnlyList<HourlyActivity> hours, double slot)
    {
        for (var i = 0; i < hours.Count; i += 12)
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left + i * slot:F1}\" y=\"{Height - 6}\">{hours[i].Hour:MMM d HH}:00</text>");
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    private static void Bar(StringBuilder svg, double x, double width, int value, double max, string css, string title)
    {
        if (value == 0) return;
        var y = Y(value, max);
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{css}\" x=\"{x:F1}\" y=\"{y:F1}\" width=\"{width:F1}\" height=\"{Height - Bottom - y:F1}\"><title>{Encode(title)}</title></rect>");
    }

    private static void Line(StringBuilder svg, IReadOnlyList<HourlyActivity> hours, double slot, double max, Func<HourlyActivity, double?> value, string css)
    {
        var points = hours.Select((h, i) => (X: Left + (i + 0.5) * slot, V: value(h))).Where(p => p.V is not null)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:F1},{Y(p.V!.Value, max):F1}")).ToList();
        if (points.Count == 0) return;
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{css}\" points=\"{string.Join(' ', points)}\"/>");
        foreach (var point in points)
        {
            var (x, y) = (point[..point.IndexOf(',')], point[(point.IndexOf(',') + 1)..]);
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"{css}\" cx=\"{x}\" cy=\"{y}\" r=\"2.5\"/>");
        }
    }

    private static double Y(double value, double max) => Top + (Height - Bottom - Top) * (1 - value / max);

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);
}
