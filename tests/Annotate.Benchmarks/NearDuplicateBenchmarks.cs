using Annotate.Core.Cleaning;
using BenchmarkDotNet.Attributes;

namespace Annotate.Benchmarks;

/// <summary>
/// Near-duplicate grouping of 100,000 documents of about 30 words, 10% of them edited copies of another
/// (issue 4 goal: under 10 s). The ceiling is shingling alone, the part every method must do.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class NearDuplicateBenchmarks
{
    private string[] documents = [];

    [Params(100_000)]
    public int Documents { get; set; }

    [GlobalSetup]
    public void Setup() => documents = SyntheticCorpus.Documents(Documents, wordsPerDocument: 30, nearDuplicateShare: 0.1, seed: 42);

    [Benchmark(Baseline = true, Description = "ceiling: hash every document's words once")]
    public long HashWordsOnly()
    {
        long sum = 0;
        foreach (var document in documents)
        {
            foreach (var word in document.Split(' '))
            {
                sum += string.GetHashCode(word, StringComparison.OrdinalIgnoreCase);
            }
        }
        return sum;
    }

    [Benchmark(Description = "MinHash + LSH grouping at Jaccard 0.8")]
    public int GroupNearDuplicates()
    {
        var index = new NearDuplicateIndex(NearDuplicateOptions.Default);
        foreach (var document in documents)
        {
            index.Add(document);
        }
        return index.Groups().Count;
    }
}
