using System.Globalization;
using System.Net;

namespace Annotate.Web.Features.Review.Agreement;

/// <summary>How the agreement views write figures: coefficients to three decimals, shares as percentages, "–" for undefined.</summary>
internal static class AgreementFormat
{
    public const string None = "–";

    public static string Coefficient(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : None;

    public static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : None;

    public static string Count(double value) => value.ToString(value == Math.Floor(value) ? "0" : "0.0", CultureInfo.InvariantCulture);

    /// <summary>The period a timeline point covers, by its exclusive end: "Mar 3", or "from Mar 3" for weeks.</summary>
    public static string Period(DateTime until, int days) =>
        days == 1
            ? until.AddDays(-1).ToString("MMM d", CultureInfo.InvariantCulture)
            : until.AddDays(-days).ToString("MMM d", CultureInfo.InvariantCulture) + "+";

    /// <summary>
    /// User text for a MudChart axis label. MudChart (9.12) writes its labels into the SVG as markup, so a name such
    /// as "&lt;script&gt;" would become an element: encoding it makes the chart show the text as written.
    /// </summary>
    public static string ChartLabel(string text) => WebUtility.HtmlEncode(text);

    /// <summary>
    /// A cell background as strong as <paramref name="strength"/> (0–1): indigo for agreement, amber for disagreement.
    /// Built from numbers only, never from user text.
    /// </summary>
    public static string Heat(double strength, bool agreement)
    {
        var alpha = Math.Clamp(strength, 0, 1) * 0.85;
        var rgb = agreement ? "79, 70, 229" : "234, 88, 12";
        var text = alpha > 0.5 ? "color: #fff;" : "";
        return $"background-color: rgba({rgb}, {alpha.ToString("0.###", CultureInfo.InvariantCulture)}); {text}";
    }
}
