using System.Diagnostics;
using Annotate.Core.Cleaning;
using Annotate.Core.Tests.TestSupport;

namespace Annotate.Core.Tests.Cleaning;

/// <summary>Pair-level precision and recall of <see cref="NearDuplicateIndex"/> against brute-force exact Jaccard over
/// word-3-shingles on real spam corpora (issue 4, acceptance: "precision and recall against exact Jaccard computed by
/// brute force on a sample").</summary>
public class NearDuplicateQualityTests
{
    private const double Threshold = 0.8;

    [Fact]
    public void GroupsTheSmsCollectionWithHighPrecisionAndRecall() =>
        AssertQuality("SMS Spam Collection", SharedDatasets.SmsTexts(), expectedTexts: 5574);

    [Fact]
    public void GroupsTheYouTubeCommentsWithHighPrecisionAndRecall() =>
        AssertQuality("YouTube Spam Collection", SharedDatasets.YouTubeComments(), expectedTexts: 1956);

    private static void AssertQuality(string name, IReadOnlyList<string> texts, int expectedTexts)
    {
        Assert.Equal(expectedTexts, texts.Count);
        var output = TestContext.Current.TestOutputHelper;

        var clock = Stopwatch.StartNew();
        var truth = new BruteForceJaccard(texts);
        var truePairs = truth.PairsAtLeast(Threshold);
        var bruteForceTime = clock.Elapsed;

        clock.Restart();
        var index = new NearDuplicateIndex(new NearDuplicateOptions(Threshold));
        foreach (var text in texts)
        {
            index.Add(text);
        }
        var groups = index.Groups();
        var indexTime = clock.Elapsed;

        var predicted = new HashSet<(int, int)>();
        foreach (var group in groups)
        {
            for (var a = 0; a < group.Members.Count; a++)
            {
                for (var b = a + 1; b < group.Members.Count; b++)
                {
                    predicted.Add((group.Members[a], group.Members[b]));
                }
            }
        }

        var hits = predicted.Count(truePairs.Contains);
        var recall = truePairs.Count == 0 ? 1 : (double)hits / truePairs.Count;
        var precision = predicted.Count == 0 ? 1 : (double)hits / predicted.Count;
        var atLeast07 = predicted.Count == 0 ? 1 : (double)predicted.Count(p => truth.Jaccard(p.Item1, p.Item2) >= 0.7) / predicted.Count;
        var missed = truePairs.Where(p => !predicted.Contains(p)).Take(3).ToList();

        output?.WriteLine(
            $"{name}: {texts.Count} texts, {truePairs.Count} true pairs (Jaccard ≥ {Threshold}, brute force {bruteForceTime.TotalSeconds:F1} s); " +
            $"{groups.Count} groups holding {groups.Sum(g => g.Members.Count)} texts, {predicted.Count} predicted pairs " +
            $"(index {indexTime.TotalMilliseconds:F0} ms, banding {index.Banding.Bands}×{index.Banding.Rows}); " +
            $"recall {recall:P2}, precision {precision:P2}, predicted pairs with Jaccard ≥ 0.7: {atLeast07:P2}");
        foreach (var (a, b) in missed)
        {
            output?.WriteLine($"  missed J={truth.Jaccard(a, b):F3}: \"{texts[a]}\" / \"{texts[b]}\"");
        }

        Assert.True(truePairs.Count > 100, $"expected real near duplicates in {name}, found {truePairs.Count} pairs");
        Assert.True(recall >= 0.9, $"recall {recall:P2} < 90 %");
        Assert.True(precision >= 0.9, $"precision {precision:P2} < 90 %");
        // Groups are transitive, so a chain A~B~C puts A and C together below the threshold. In the YouTube comments
        // "Check out this video on YouTube:" gains one "<br />" at a time (raw HTML, read as the word "br"), and the
        // chain ends at pairs with Jaccard 0.57: 94 % of its predicted pairs reach 0.7, the SMS messages 100 %.
        Assert.True(atLeast07 >= 0.9, $"only {atLeast07:P2} of predicted pairs have Jaccard ≥ 0.7");
    }
}
