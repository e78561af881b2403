using System.Text.RegularExpressions;

namespace Annotate.Core.Tests.TestSupport;

/// <summary>
/// The reference for near-duplicate quality: exact Jaccard over word-shingle sets built from strings (no hashing, no
/// MinHash), with the same definition of a word as the index (runs of letters, marks and decimal digits, lower-cased).
/// </summary>
internal sealed partial class BruteForceJaccard
{
    private readonly int[][] sets;

    public BruteForceJaccard(IReadOnlyList<string> texts, int shingleSize = 3)
    {
        var ids = new Dictionary<string, int>();
        sets = new int[texts.Count][];
        for (var t = 0; t < texts.Count; t++)
        {
            var words = Word().Matches(texts[t].ToLowerInvariant()).Select(m => m.Value).ToArray();
            var shingles = new List<string>();
            if (words.Length is > 0 && words.Length < shingleSize)
            {
                shingles.Add(string.Join(' ', words));
            }
            for (var i = 0; i + shingleSize <= words.Length; i++)
            {
                shingles.Add(string.Join(' ', words, i, shingleSize));
            }
            sets[t] = shingles
                .Select(s => ids.TryGetValue(s, out var id) ? id : ids[s] = ids.Count)
                .Distinct()
                .Order()
                .ToArray();
        }
    }

    public double Jaccard(int a, int b)
    {
        int[] x = sets[a], y = sets[b];
        int i = 0, j = 0, common = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j])
            {
                common++;
                i++;
                j++;
            }
            else if (x[i] < y[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        var union = x.Length + y.Length - common;
        return union == 0 ? 0 : (double)common / union;
    }

    /// <summary>Every pair (a &lt; b) of non-empty texts with Jaccard ≥ <paramref name="threshold"/>: all n²/2 pairs,
    /// minus those the size bound |A ∩ B| / |A ∪ B| ≤ min/max already rules out.</summary>
    public HashSet<(int, int)> PairsAtLeast(double threshold)
    {
        var pairs = new HashSet<(int, int)>();
        for (var a = 0; a < sets.Length; a++)
        {
            for (var b = a + 1; b < sets.Length; b++)
            {
                int sizeA = sets[a].Length, sizeB = sets[b].Length;
                if (sizeA == 0 || sizeB == 0 || Math.Min(sizeA, sizeB) < threshold * Math.Max(sizeA, sizeB))
                {
                    continue;
                }
                if (Jaccard(a, b) >= threshold)
                {
                    pairs.Add((a, b));
                }
            }
        }
        return pairs;
    }

    [GeneratedRegex(@"[\p{L}\p{M}\p{Nd}]+")]
    private static partial Regex Word();
}
