namespace Annotate.Core.Agreement;

/// <summary>
/// Agreement broken down: by label (one-vs-rest), by pair of annotators, by annotator against the others, and by
/// annotator against a reference labeling. Nominal: values agree when they are equal.
/// </summary>
public static class AgreementBreakdown
{
    /// <summary>For each value in <see cref="ReliabilityData{T}.Values"/> order: its specific agreement and one-vs-rest α.</summary>
    /// <remarks>
    /// Recoding to "this label" or not leaves a binary coincidence matrix whose cells follow from the label's own
    /// n_c and o_cc, so α_c = 1 − (n − 1)(n_c − o_cc) / (n_c (n − n_c)) costs nothing beyond the one nominal pass.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public static IReadOnlyList<LabelAgreement<T>> ByLabel<T>(ReliabilityData<T> data)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        var counts = KrippendorffAlpha.CountNominal(data, skipAnnotator: -1);
        var n = (double)counts.N;
        var result = new LabelAgreement<T>[data.Values.Count];
        for (var c = 0; c < result.Length; c++)
        {
            var nc = counts.PairableCounts[c];
            var occ = counts.Diagonal[c];
            var label = data.Values[c];
            result[c] = nc == 0
                ? new LabelAgreement<T>(label, 0, null, null, "the label was never given on an item with two or more values")
                : nc == counts.N
                    ? new LabelAgreement<T>(label, nc, occ / nc, null, "every pairable value is this label, so one-vs-rest has no variation (0/0)")
                    : new LabelAgreement<T>(label, nc, occ / nc, 1 - (n - 1) * (nc - occ) / (nc * (n - nc)), null);
        }
        return result;
    }

    /// <summary>
    /// Every pair of annotators (a &lt; b by index: the upper triangle of the annotator × annotator matrix), with their
    /// shared items, percent agreement and Cohen's κ.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public static IReadOnlyList<PairAgreement> ByPair<T>(ReliabilityData<T> data)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        var index = data.ByAnnotator;
        var counts = new CohensKappa.Counts(data.Values.Count);
        var annotators = data.Annotators;
        var result = new List<PairAgreement>(annotators.Count * (annotators.Count - 1) / 2);
        for (var a = 0; a < annotators.Count; a++)
        {
            for (var b = a + 1; b < annotators.Count; b++)
            {
                counts.Clear();
                int i = index.Start[a], iEnd = index.Start[a + 1], j = index.Start[b], jEnd = index.Start[b + 1];
                while (i < iEnd && j < jEnd)
                {
                    if (index.Item[i] == index.Item[j])
                    {
                        counts.Add(index.Value[i++], index.Value[j++], 1, default(CohensKappa.NominalWeight));
                    }
                    else if (index.Item[i] < index.Item[j])
                    {
                        i++;
                    }
                    else
                    {
                        j++;
                    }
                }
                var kappa = counts.Kappa(data.Values, default(CohensKappa.NominalWeight));
                result.Add(new PairAgreement(annotators[a], annotators[b], kappa.Items, kappa.Items > 0 ? kappa.ObservedAgreement : null, kappa));
            }
        }
        return result;
    }

    /// <summary>Each annotator against the others: pooled pair agreement, mean pairwise κ, and nominal α without them.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public static IReadOnlyList<AnnotatorAgreement> ByAnnotator<T>(ReliabilityData<T> data)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        var annotatorCount = data.Annotators.Count;
        var items = new int[annotatorCount];
        var itemsWithOthers = new int[annotatorCount];
        var agreeing = new long[annotatorCount];
        var pairs = new long[annotatorCount];
        var seen = new int[data.Values.Count];
        var start = data.ItemStart;
        var codes = data.RatingValues;
        var raters = data.RatingAnnotators;
        for (var u = 0; u < data.Items.Count; u++)
        {
            int from = start[u], to = start[u + 1];
            var m = to - from;
            for (var r = from; r < to; r++)
            {
                seen[codes[r]]++;
            }
            for (var r = from; r < to; r++)
            {
                var a = raters[r];
                items[a]++;
                if (m >= 2)
                {
                    itemsWithOthers[a]++;
                    agreeing[a] += seen[codes[r]] - 1;
                    pairs[a] += m - 1;
                }
            }
            for (var r = from; r < to; r++)
            {
                seen[codes[r]] = 0;
            }
        }

        var kappaSum = new double[annotatorCount];
        var kappaCount = new int[annotatorCount];
        var p = 0;
        var byPair = ByPair(data);
        for (var a = 0; a < annotatorCount; a++)
        {
            for (var b = a + 1; b < annotatorCount; b++, p++)
            {
                if (byPair[p].Kappa.Kappa is { } kappa)
                {
                    kappaSum[a] += kappa;
                    kappaSum[b] += kappa;
                    kappaCount[a]++;
                    kappaCount[b]++;
                }
            }
        }

        var result = new AnnotatorAgreement[annotatorCount];
        for (var a = 0; a < annotatorCount; a++)
        {
            result[a] = new AnnotatorAgreement(
                data.Annotators[a],
                items[a],
                itemsWithOthers[a],
                pairs[a] > 0 ? (double)agreeing[a] / pairs[a] : null,
                kappaCount[a] > 0 ? kappaSum[a] / kappaCount[a] : null,
                KrippendorffAlpha.NominalCore(data, skipAnnotator: a));
        }
        return result;
    }

    /// <summary>
    /// Each annotator against a reference labeling (the reviewed final labels, or gold answers): accuracy, Cohen's κ
    /// and the confusion matrix, over the items the annotator labeled that have a reference value.
    /// </summary>
    /// <param name="data">The annotators' values.</param>
    /// <param name="reference">The reference value of each item, by item id; items not in the data are ignored.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<ReferenceAgreement<T>> VersusReference<T>(ReliabilityData<T> data, IReadOnlyDictionary<string, T> reference)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(reference);
        var coded = ReferenceCodes.Of(data, reference);
        var result = new ReferenceAgreement<T>[data.Annotators.Count];
        for (var a = 0; a < result.Length; a++)
        {
            var pairs = coded.PairsWith(data, a);
            var correct = 0;
            foreach (var (given, expected) in pairs)
            {
                correct += given == expected ? 1 : 0;
            }
            result[a] = new ReferenceAgreement<T>(
                data.Annotators[a],
                pairs.Count,
                correct,
                pairs.Count > 0 ? (double)correct / pairs.Count : null,
                CohensKappa.Nominal(coded.Values, pairs, coded.Values.Count),
                ConfusionMatrix<T>.FromPairs(coded.Values, pairs));
        }
        return result;
    }
}
