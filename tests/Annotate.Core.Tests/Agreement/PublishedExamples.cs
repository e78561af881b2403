using Annotate.Core.Agreement;

namespace Annotate.Core.Tests.Agreement;

/// <summary>Reliability data from the literature, each with the figures its source publishes.</summary>
internal static class PublishedExamples
{
    /// <summary>
    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units, values
    /// 1–5 with missing values. Published: nominal α = 0.743, ordinal 0.815, interval 0.849, ratio 0.797. The same
    /// data in Krippendorff (2004, p. 230) with symbols for values, and in the fast-krippendorff package's doctests.
    /// </summary>
    public static ReliabilityData<double> Krippendorff2011MissingData() => Reliability.Numbers(
        Reliability.NumberRow("1 2 3 3 2 1 4 1 2 . . ."),
        Reliability.NumberRow("1 2 3 3 2 2 4 1 2 5 . 3"),
        Reliability.NumberRow(". 3 3 3 2 3 4 2 2 5 1 ."),
        Reliability.NumberRow("1 2 3 3 2 4 4 1 2 5 1 ."));

    /// <summary>Krippendorff (2011), section A: binary data, two observers, no missing values. Published α = 0.095.</summary>
    public static ReliabilityData<string> Krippendorff2011Binary() => Reliability.ByCoder(
        Reliability.Row("0 1 0 0 0 0 0 0 1 0"),
        Reliability.Row("1 1 1 0 0 1 0 0 0 0"));

    /// <summary>Krippendorff (2011), section B: nominal data, two observers, no missing values. Published α = 0.692.</summary>
    public static ReliabilityData<string> Krippendorff2011Nominal() => Reliability.ByCoder(
        Reliability.Row("a a b b d c c c e d d a"),
        Reliability.Row("b a b b b c c c e d d d"));

    /// <summary>
    /// Hayes and Krippendorff (2007), "Answering the Call for a Standard Reliability Measure for Coding Data", p. 84:
    /// 5 observers, 40 units, ordinal values 0–3 with missing values. Published ordinal α = 0.7598.
    /// </summary>
    public static ReliabilityData<double> HayesKrippendorff2007() => Reliability.NumbersByUnit(
        [.. new[]
        {
            "1 1 2 . 2", "1 1 0 1 .", "2 3 3 3 .", ". 0 0 . 0", "0 0 0 . 0", "0 0 0 . 0", "1 0 2 . 1", "1 . 2 0 .",
            "2 2 2 . 2", "2 1 1 1 .", ". 1 0 0 .", "0 0 0 0 .", "1 2 2 2 .", "3 3 2 2 3", "1 1 1 . 1", "1 1 1 . 1",
            "2 1 2 . 2", "1 2 3 3 .", "1 1 0 1 .", "0 0 0 . 0", "0 0 1 1 .", "0 0 . 0 0", "2 3 3 3 .", "0 0 0 0 .",
            "1 2 . 2 2", "0 1 1 1 .", "0 0 0 1 0", "1 2 1 2 .", "1 1 2 2 .", "1 1 2 . 2", "1 1 0 . 0", "2 1 2 1 .",
            "2 2 . 2 2", "3 2 2 2 .", "2 2 2 . 2", "2 2 3 . 2", "2 2 2 . 2", "2 2 . 1 2", "2 2 2 2 .", "1 1 1 . 1",
        }.Select(Reliability.NumberRow)]);

    /// <summary>
    /// Krippendorff (1980), Content Analysis, p. 139: 3 observers, 9 units, values 1–4. Published α: nominal 0.642,
    /// interval 0.547, ratio 0.483 (the values also appear in DKPro Statistics' tests, with one-vs-rest α per value
    /// 0.381, 0.711, 0.717, 0.764).
    /// </summary>
    public static ReliabilityData<double> Krippendorff1980() => Reliability.NumbersByUnit(
        [.. new[] { "1 1 1", "1 2 2", "2 2 2", "4 4 4", "1 4 4", "2 2 2", "1 2 3", "3 3 3", "2 2 2" }.Select(Reliability.NumberRow)]);

    /// <summary>
    /// The Wikipedia article "Krippendorff's alpha", computational example: 3 coders, 15 units, values 1–4 with many
    /// missing. Nominal α = 0.691, interval α = 0.811 (also fast-krippendorff's doctests: 0.691358, 0.810845).
    /// </summary>
    public static ReliabilityData<double> WikipediaAlpha() => Reliability.Numbers(
        Reliability.NumberRow(". . . . . 3 4 1 2 1 1 3 3 . 3"),
        Reliability.NumberRow("1 . 2 1 3 3 4 3 . . . . . . ."),
        Reliability.NumberRow(". . 2 1 3 4 4 . 2 1 1 3 3 . 4"));

    /// <summary>
    /// Fleiss (1971), "Measuring nominal scale agreement among many raters", Table 1: 30 patients, 6 psychiatrists
    /// each, 5 diagnoses (1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other). Published
    /// κ = 0.430, P̄ = 0.556, P̄_e = 0.220, per-diagnosis κ_j 0.245, 0.245, 0.520, 0.471, 0.566.
    /// </summary>
    public static ReliabilityData<double> Fleiss1971() => Reliability.NumbersByUnit(
        [.. new[]
        {
            "4 4 4 4 4 4", "2 2 2 5 5 5", "2 3 3 3 3 5", "5 5 5 5 5 5", "2 2 2 4 4 4", "1 1 3 3 3 3", "3 3 3 3 5 5",
            "1 1 3 3 3 4", "1 1 4 4 4 4", "5 5 5 5 5 5", "1 4 4 4 4 4", "1 2 4 4 4 4", "2 2 2 3 3 3", "1 4 4 4 4 4",
            "2 2 4 4 4 5", "3 3 3 3 3 5", "1 1 1 4 5 5", "1 1 1 1 1 2", "2 2 4 4 4 4", "1 3 3 5 5 5", "5 5 5 5 5 5",
            "2 4 4 4 4 4", "2 2 4 5 5 5", "1 1 4 4 4 4", "1 4 4 4 4 5", "2 2 2 2 2 4", "1 1 1 1 5 5", "2 2 4 4 4 4",
            "1 3 3 3 3 3", "5 5 5 5 5 5",
        }.Select(Reliability.NumberRow)]);

    /// <summary>
    /// The Wikipedia article "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories, as counts per
    /// category. Published κ = 0.210, P̄ = 0.378, P̄_e = 0.213.
    /// </summary>
    public static int[][] WikipediaFleissCounts() =>
    [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];
}
