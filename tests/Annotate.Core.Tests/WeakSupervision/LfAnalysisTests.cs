using Annotate.Core.WeakSupervision;

namespace Annotate.Core.Tests.WeakSupervision;

public class LfAnalysisTests
{
    // The matrix of the examples in Snorkel's snorkel/labeling/analysis.py docstrings.
    private static readonly LabelMatrix SnorkelExample = LabelMatrix.FromRows(
        [[-1, 0, 0], [-1, -1, -1], [1, 0, -1], [-1, 0, -1], [0, 0, 0]], lfCount: 3, classCount: 2);

    [Fact]
    public void MatchesSnorkelsDocumentedValues()
    {
        var report = LfAnalysis.Analyze(SnorkelExample);

        Assert.Equal(0.8, report.Coverage, 12);
        Assert.Equal(0.6, report.Overlap, 12);
        Assert.Equal(0.2, report.Conflict, 12);
        Assert.Equal([[0, 1], [0], [0]], report.Lfs.Select(l => l.Polarity.ToArray()));
        Assert.Equal([0.4, 0.8, 0.4], report.Lfs.Select(l => l.Coverage), Close);
        Assert.Equal([0.4, 0.6, 0.4], report.Lfs.Select(l => l.Overlaps), Close);
        Assert.Equal([0.2, 0.2, 0.0], report.Lfs.Select(l => l.Conflicts), Close);
        Assert.All(report.Lfs, l => Assert.Null(l.EmpiricalAccuracy));
    }

    [Fact]
    public void EmpiricalAccuracyUsesOnlyItemsWithAKnownLabel()
    {
        // Item 3 has no known label; LF 1 voted 0 on items 0, 2, 3, 4, of which 0 and 4 are right and 2 is wrong.
        var report = LfAnalysis.Analyze(SnorkelExample, gold: [0, 1, 1, -1, 0], learnedAccuracies: [0.9, 0.8, 0.7]);

        var lf1 = report.Lfs[1];
        Assert.Equal(2, lf1.Correct);
        Assert.Equal(1, lf1.Incorrect);
        Assert.Equal(2 / 3.0, lf1.EmpiricalAccuracy!.Value, 12);
        Assert.Equal(0.8, lf1.LearnedAccuracy);
        // LF 0 voted 1 on item 2 (right) and 0 on item 4 (right).
        Assert.Equal(1.0, report.Lfs[0].EmpiricalAccuracy);
    }

    [Fact]
    public void AnLfThatNeverVotedHasNoPolarityAndNoAccuracy()
    {
        var matrix = LabelMatrix.FromRows([[0, -1], [1, -1]], 2, 2);

        var lf = LfAnalysis.Analyze(matrix, gold: [0, 1]).Lfs[1];

        Assert.Empty(lf.Polarity);
        Assert.Equal(0, lf.Coverage);
        Assert.Equal(0, lf.Correct);
        Assert.Null(lf.EmpiricalAccuracy);
    }

    [Fact]
    public void TrueLabelsOfTheWrongLengthAreRefused()
    {
        Assert.Throws<ArgumentException>(() => LfAnalysis.Analyze(SnorkelExample, gold: [0, 1]));
        Assert.Throws<ArgumentException>(() => LfAnalysis.Analyze(SnorkelExample, learnedAccuracies: [0.5]));
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) < 1e-12;
}
