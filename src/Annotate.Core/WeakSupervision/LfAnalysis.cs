namespace Annotate.Core.WeakSupervision;

/// <summary>
/// Per-LF statistics of a label matrix with the meaning Snorkel's <c>LFAnalysis</c> gives them (shares of all items,
/// not of the LF's own votes), plus accuracy against the true labels that are known and the accuracy a model learned.
/// One pass over the votes.
/// </summary>
public static class LfAnalysis
{
    /// <summary>Analyses <paramref name="matrix"/>.</summary>
    /// <param name="matrix">The votes.</param>
    /// <param name="gold">Per item, its true label or −1 when unknown (e.g. only reviewed items have one); null when none is known.</param>
    /// <param name="learnedAccuracies">Per LF, the accuracy a label model learned; null to leave that column empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException">The true labels or learned accuracies do not match the matrix in length,
    /// or a true label is not −1..K−1.</exception>
    public static LfAnalysisReport Analyze(LabelMatrix matrix, IReadOnlyList<int>? gold = null, IReadOnlyList<double>? learnedAccuracies = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.ItemCount;
        var m = matrix.LfCount;
        var k = matrix.ClassCount;
        if (gold is not null && gold.Count != n)
        {
            throw new ArgumentException($"There are {gold.Count} true labels for {n} items.", nameof(gold));
        }
        if (learnedAccuracies is not null && learnedAccuracies.Count != m)
        {
            throw new ArgumentException($"There are {learnedAccuracies.Count} learned accuracies for {m} LFs.", nameof(learnedAccuracies));
        }
        var votesPerCell = new int[m * k];
        var overlaps = new int[m];
        var conflicts = new int[m];
        var correct = new int[m];
        var incorrect = new int[m];
        int covered = 0, overlapping = 0, conflicting = 0;
        for (var i = 0; i < n; i++)
        {
            var row = matrix.VotesOf(i);
            if (row.IsEmpty)
            {
                continue;
            }
            covered++;
            var overlap = row.Length > 1;
            var conflict = false;
            var first = row[0] % k;
            foreach (var cell in row)
            {
                conflict |= cell % k != first;
            }
            overlapping += overlap ? 1 : 0;
            conflicting += conflict ? 1 : 0;
            var truth = gold?[i] ?? -1;
            if (truth < -1 || truth >= k)
            {
                throw new ArgumentException($"Item {i} has true label {truth}; labels are −1 (unknown) or 0–{k - 1}.", nameof(gold));
            }
            foreach (var cell in row)
            {
                var lf = cell / k;
                votesPerCell[cell]++;
                overlaps[lf] += overlap ? 1 : 0;
                conflicts[lf] += conflict ? 1 : 0;
                if (truth >= 0)
                {
                    if (cell % k == truth)
                    {
                        correct[lf]++;
                    }
                    else
                    {
                        incorrect[lf]++;
                    }
                }
            }
        }
        var lfs = new LfSummary[m];
        var perItem = n == 0 ? 0 : 1.0 / n;
        for (var j = 0; j < m; j++)
        {
            var polarity = new List<int>();
            var votes = 0;
            for (var l = 0; l < k; l++)
            {
                if (votesPerCell[j * k + l] > 0)
                {
                    polarity.Add(l);
                    votes += votesPerCell[j * k + l];
                }
            }
            var judged = correct[j] + incorrect[j];
            lfs[j] = new LfSummary(
                j,
                polarity,
                votes * perItem,
                overlaps[j] * perItem,
                conflicts[j] * perItem,
                gold is null ? null : correct[j],
                gold is null ? null : incorrect[j],
                judged == 0 ? null : (double)correct[j] / judged,
                learnedAccuracies?[j]);
        }
        return new LfAnalysisReport(lfs, n, covered, overlapping, conflicting);
    }
}
