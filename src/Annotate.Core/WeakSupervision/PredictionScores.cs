namespace Annotate.Core.WeakSupervision;

/// <summary>
/// How well predictions match true labels, over the items whose true label is known (−1 = unknown). A prediction of
/// −1 (abstain) counts as wrong.
/// </summary>
/// <param name="Labeled">Items with a known true label.</param>
/// <param name="Accuracy">Share of labeled items predicted right; null when none is labeled.</param>
/// <param name="CoveredLabeled">Labeled items with at least one vote.</param>
/// <param name="AccuracyCovered">Accuracy over the labeled items with at least one vote; null when there are none.</param>
/// <param name="MacroF1">Unweighted mean of the per-class F1 over the classes that occur as a true or predicted label
/// (scikit-learn's <c>average="macro"</c>); null when none is labeled.</param>
/// <param name="F1">Two classes only: F1 of class 1 as the positive class (WRENCH's metric for its spam sets); null otherwise.</param>
public sealed record PredictionScores(int Labeled, double? Accuracy, int CoveredLabeled, double? AccuracyCovered, double? MacroF1, double? F1)
{
    /// <summary>Scores <paramref name="predictions"/> against <paramref name="gold"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The two have different numbers of items.</exception>
    public static PredictionScores Compute(LabelPredictions predictions, IReadOnlyList<int> gold)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(gold);
        if (gold.Count != predictions.ItemCount)
        {
            throw new ArgumentException($"There are {predictions.ItemCount} predictions but {gold.Count} true labels.", nameof(gold));
        }
        var k = predictions.ClassCount;
        var truePositives = new long[k];
        var predicted = new long[k];
        var actual = new long[k];
        int labeled = 0, correct = 0, coveredLabeled = 0, coveredCorrect = 0;
        var labels = predictions.Labels;
        var hasVotes = predictions.HasVotes;
        for (var i = 0; i < gold.Count; i++)
        {
            var truth = gold[i];
            if (truth < 0)
            {
                continue;
            }
            if (truth >= k)
            {
                throw new ArgumentException($"True label {truth} of item {i} is not one of the {k} classes.", nameof(gold));
            }
            labeled++;
            actual[truth]++;
            var guess = labels[i];
            if (guess >= 0)
            {
                predicted[guess]++;
            }
            var right = guess == truth;
            if (right)
            {
                correct++;
                truePositives[truth]++;
            }
            if (hasVotes[i])
            {
                coveredLabeled++;
                coveredCorrect += right ? 1 : 0;
            }
        }
        if (labeled == 0)
        {
            return new PredictionScores(0, null, 0, null, null, null);
        }
        double f1Sum = 0;
        var classes = 0;
        for (var y = 0; y < k; y++)
        {
            if (actual[y] + predicted[y] == 0)
            {
                continue;
            }
            classes++;
            f1Sum += F1Of(truePositives[y], predicted[y], actual[y]);
        }
        return new PredictionScores(
            labeled,
            (double)correct / labeled,
            coveredLabeled,
            coveredLabeled > 0 ? (double)coveredCorrect / coveredLabeled : null,
            f1Sum / classes,
            k == 2 ? F1Of(truePositives[1], predicted[1], actual[1]) : null);
    }

    /// <summary>2·TP / (predicted + actual), 0 when both are 0 (scikit-learn's zero_division=0).</summary>
    private static double F1Of(long truePositives, long predicted, long actual) =>
        predicted + actual == 0 ? 0 : 2.0 * truePositives / (predicted + actual);
}
