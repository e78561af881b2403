using System.Diagnostics;
using Annotate.Core.Cleaning;

namespace Annotate.Core.Tests.Cleaning;

public class NearDuplicateIndexTests
{
    private const string TwentyWords =
        "the quick brown fox jumps over the lazy dog while seven wizards quietly judge boxing matches near an old harbour";

    [Fact]
    public void AddReturnsConsecutiveIndicesFromZero()
    {
        var index = new NearDuplicateIndex(NearDuplicateOptions.Default);
        Assert.Equal(0, index.Add("one"));
        Assert.Equal(1, index.Add("two"));
        Assert.Equal(2, index.Add(""));
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public void IdenticalTextsAreGrouped()
    {
        var index = new NearDuplicateIndex(NearDuplicateOptions.Default);
        index.Add(TwentyWords);
        index.Add("something else entirely, nothing like the others at all");
        index.Add(TwentyWords);

        var group = Assert.Single(index.Groups());
        Assert.Equal(0, group.Representative);
        Assert.Equal([0, 2], group.Members);
    }

    // A 20-word text has 18 word-3-shingles. Changing word p touches the shingles that contain it: one at either end
    // (Jaccard 17/19 = 0.89), two next to the ends (16/20 = 0.80), three anywhere else (15/21 = 0.71). So "one word
    // changed in twenty" is a near duplicate at 0.8 only near the ends, and at 0.7 anywhere.
    [Theory]
    [InlineData(0, 0.8, true)]
    [InlineData(1, 0.8, true)]
    [InlineData(18, 0.8, true)]
    [InlineData(19, 0.8, true)]
    [InlineData(2, 0.8, false)]
    [InlineData(10, 0.8, false)]
    [InlineData(10, 0.7, true)]
    [InlineData(2, 0.7, true)]
    public void OneChangedWordInTwentyIsGroupedWhenItsJaccardReachesTheThreshold(int position, double threshold, bool grouped)
    {
        var words = TwentyWords.Split(' ');
        Assert.Equal(20, words.Length);
        words[position] = "zebra";
        var index = new NearDuplicateIndex(new NearDuplicateOptions(threshold));
        index.Add(TwentyWords);
        index.Add(string.Join(' ', words));

        Assert.Equal(grouped ? 1 : 0, index.Groups().Count);
    }

    [Fact]
    public void UnrelatedTextsAreNotGrouped()
    {
        var index = new NearDuplicateIndex(NearDuplicateOptions.Default);
        index.Add(TwentyWords);
        index.Add("Free entry in 2 a wkly comp to win FA Cup final tkts 21st May 2005. Text FA to 87121 to receive entry");
        index.Add("Ok lar... Joking wif u oni...");
        Assert.Empty(index.Groups());
    }

    [Fact]
    public void CaseAndPunctuationDoNotMatter()
    {
        var index = new NearDuplicateIndex(NearDuplicateOptions.Default);
        index.Add("Call me back when you can, please!");
        index.Add("call me back -- when you CAN please");
        Assert.Single(index.Groups());
    }

    [Fact]
    public void TextsShorterThanTheShingleSizeUseTheWordsTheyHave()
    {
        var index = new NearDuplicateIndex(NearDuplicateOptions.Default);
        index.Add("Ok lar");
        index.Add("ok, LAR!");
        index.Add("ok");
        index.Add("Ok.");
        Assert.Equal([[0, 1], [2, 3]], index.Groups().Select(g => g.Members.ToArray()));
    }

    [Fact]
    public void TextsWithoutWordsAreNeverGrouped()
    {
        var index = new NearDuplicateIndex(NearDuplicateOptions.Default);
        index.Add("");
        index.Add("!!!");
        index.Add("   ");
        Assert.Empty(index.Groups());
    }

    [Fact]
    public void GroupsAreTransitiveAndTheRepresentativeIsTheLowestIndex()
    {
        var words = Enumerable.Range(0, 40).Select(i => $"w{i}").ToArray();
        var a = string.Join(' ', words);
        var b = string.Join(' ', words.Select((w, i) => i == 39 ? "x" : w));
        var c = string.Join(' ', words.Select((w, i) => i is 38 or 39 ? "x" + i : w));
        var index = new NearDuplicateIndex(NearDuplicateOptions.Default);
        index.Add("unrelated words here and there");
        index.Add(c);
        index.Add(b);
        index.Add(a);

        var group = Assert.Single(index.Groups());
        Assert.Equal(1, group.Representative);
        Assert.Equal([1, 2, 3], group.Members);
    }

    [Fact]
    public void LongTextsAreComparedBySignature()
    {
        // 400 words: more shingles than hashes, so only the signature is kept and Jaccard is estimated.
        var words = Enumerable.Range(0, 400).Select(i => $"token{i}").ToArray();
        var original = string.Join(' ', words);
        var fewChanged = string.Join(' ', words.Select((w, i) => i % 100 == 50 ? "changed" + i : w));
        var halfChanged = string.Join(' ', words.Select((w, i) => i % 2 == 0 ? "other" + i : w));
        var index = new NearDuplicateIndex(NearDuplicateOptions.Default);
        index.Add(original);
        index.Add(halfChanged);
        index.Add(fewChanged);

        Assert.Equal([0, 2], Assert.Single(index.Groups()).Members);
    }

    [Fact]
    public void ShortAndLongTextsCanBeCompared()
    {
        // 126 words = 124 shingles (kept exactly) against 131 words = 129 shingles (signature only): Jaccard 124/129.
        var words = Enumerable.Range(0, 131).Select(i => $"token{i}").ToArray();
        var index = new NearDuplicateIndex(NearDuplicateOptions.Default);
        index.Add(string.Join(' ', words.Take(126)));
        index.Add(string.Join(' ', words));
        Assert.Single(index.Groups());
    }

    [Fact]
    public void ManyCopiesOfOneTextFormOneGroup()
    {
        var index = new NearDuplicateIndex(NearDuplicateOptions.Default);
        for (var i = 0; i < 20_000; i++)
        {
            index.Add(i % 2 == 0 ? TwentyWords : TwentyWords + " " + (i % 7));
        }
        var group = Assert.Single(index.Groups());
        Assert.Equal(20_000, group.Members.Count);
    }

    [Fact]
    public void TheSameSeedGivesTheSameGroupsAndAnotherSeedStillFindsThem()
    {
        var texts = SyntheticCorpus(2_000, nearDuplicateShare: 0.2, seed: 7).Texts;
        IReadOnlyList<NearDuplicateGroup> Run(ulong seed)
        {
            var index = new NearDuplicateIndex(new NearDuplicateOptions(Seed: seed));
            foreach (var text in texts)
            {
                index.Add(text);
            }
            return index.Groups();
        }

        var first = Run(1);
        var again = Run(1);
        var other = Run(2);
        Assert.Equal(first.Select(g => string.Join(',', g.Members)), again.Select(g => string.Join(',', g.Members)));
        Assert.InRange(other.Count, first.Count * 0.95, first.Count * 1.05);
    }

    [Theory]
    [InlineData(0.0, 3, 128)]
    [InlineData(1.01, 3, 128)]
    [InlineData(double.NaN, 3, 128)]
    [InlineData(0.8, 0, 128)]
    [InlineData(0.8, 17, 128)]
    [InlineData(0.8, 3, 8)]
    [InlineData(0.8, 3, 2048)]
    public void ThrowsWhenAnOptionIsOutOfRange(double threshold, int shingleSize, int hashCount) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new NearDuplicateIndex(new NearDuplicateOptions(threshold, shingleSize, hashCount)));

    [Fact]
    public void ThrowsOnNullArguments()
    {
        Assert.Throws<ArgumentNullException>(() => new NearDuplicateIndex(null!));
        Assert.Throws<ArgumentNullException>(() => new NearDuplicateIndex(NearDuplicateOptions.Default).Add(null!));
    }

    [Fact]
    public void GroupsOneHundredThousandShortDocuments()
    {
        // Issue 4 asks for 100,000 documents grouped in under 10 s; the figure is printed, not asserted, because wall
        // time on a shared test machine is noise. 10 % of the documents copy an earlier one with one word changed.
        var (texts, copiedFrom) = SyntheticCorpus(100_000, nearDuplicateShare: 0.1, seed: 1);

        var clock = Stopwatch.StartNew();
        var index = new NearDuplicateIndex(NearDuplicateOptions.Default);
        foreach (var text in texts)
        {
            index.Add(text);
        }
        var added = clock.Elapsed;
        var groups = index.Groups();
        var total = clock.Elapsed;

        var groupOf = new Dictionary<int, int>();
        foreach (var group in groups)
        {
            foreach (var member in group.Members)
            {
                groupOf[member] = group.Representative;
            }
        }
        var found = copiedFrom.Count(pair => groupOf.TryGetValue(pair.Key, out var g) && groupOf.TryGetValue(pair.Value, out var h) && g == h);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"100,000 documents of ~30 words: add {added.TotalSeconds:F2} s, group {(total - added).TotalSeconds:F2} s, " +
            $"total {total.TotalSeconds:F2} s; {groups.Count} groups; {found} of {copiedFrom.Count} planted near duplicates found " +
            $"(banding {index.Banding.Bands}×{index.Banding.Rows}, {(Debugger.IsAttached ? "debugger" : "no debugger")}, " +
            $"{(typeof(NearDuplicateIndex).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false).OfType<DebuggableAttribute>().Any(d => d.IsJITOptimizerDisabled) ? "Debug build" : "optimised build")})");
        Assert.True(found >= copiedFrom.Count * 0.99, $"only {found} of {copiedFrom.Count} planted near duplicates were grouped");
    }

    /// <summary>Documents of 25–35 words drawn from a 5,000-word vocabulary; a share of them copy an earlier document
    /// with one word replaced at the end (Jaccard ≥ 0.9 for 30 words: one shingle of ~28 changes).</summary>
    private static (List<string> Texts, Dictionary<int, int> CopiedFrom) SyntheticCorpus(int count, double nearDuplicateShare, int seed)
    {
        var random = new Random(seed);
        var vocabulary = Enumerable.Range(0, 5_000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(2, 10)).Select(_ => (char)('a' + random.Next(26))).ToArray()))
            .ToArray();
        var texts = new List<string>(count);
        var copiedFrom = new Dictionary<int, int>();
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && random.NextDouble() < nearDuplicateShare)
            {
                var source = random.Next(i);
                var words = texts[source].Split(' ');
                words[^1] = vocabulary[random.Next(vocabulary.Length)];
                texts.Add(string.Join(' ', words));
                copiedFrom[i] = source;
            }
            else
            {
                texts.Add(string.Join(' ', Enumerable.Range(0, random.Next(25, 36)).Select(_ => vocabulary[random.Next(vocabulary.Length)])));
            }
        }
        return (texts, copiedFrom);
    }
}
