namespace Annotate.Core.Agreement;

/// <summary>
/// Percent agreement: for each pairable item, the share of its annotator pairs that gave the same value; then the mean
/// over pairable items. With two annotators and no missing values this is the share of items they agree on; with m
/// annotators on every item it is Fleiss' P̄. Items with fewer than two values have no pair and are left out. It does
/// not correct for chance: two annotators who pick one of two labels at random agree half the time.
/// </summary>
public static class PercentAgreement
{
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public static PercentAgreementResult Compute<T>(ReliabilityData<T> data)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        var seen = new int[data.Values.Count];
        var start = data.ItemStart;
        var codes = data.RatingValues;
        double sum = 0;
        var pairable = 0;
        for (var u = 0; u < data.Items.Count; u++)
        {
            int from = start[u], to = start[u + 1];
            var m = to - from;
            if (m < 2)
            {
                continue;
            }
            long agreeingOrderedPairs = 0;
            for (var r = from; r < to; r++)
            {
                agreeingOrderedPairs += 2 * seen[codes[r]]++;
            }
            for (var r = from; r < to; r++)
            {
                seen[codes[r]] = 0;
            }
            sum += agreeingOrderedPairs / ((double)m * (m - 1));
            pairable++;
        }
        return pairable == 0
            ? new PercentAgreementResult(null, 0, AlphaResult.NoPairableItem)
            : new PercentAgreementResult(sum / pairable, pairable, null);
    }
}
