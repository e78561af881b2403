namespace Annotate.Benchmarks;

/// <summary>Deterministic text corpora for benchmarks: random words from a fixed vocabulary, some near-copies.</summary>
public static class SyntheticCorpus
{
    public static string[] Documents(int count, int wordsPerDocument, double nearDuplicateShare, int seed)
    {
        var random = new Random(seed);
        var vocabulary = Enumerable.Range(0, 20_000).Select(i => $"w{i:x}").ToArray();
        var documents = new string[count];
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && random.NextDouble() < nearDuplicateShare)
            {
                // An edited copy: one word at the end changed.
                var words = documents[random.Next(i)].Split(' ');
                words[^1] = vocabulary[random.Next(vocabulary.Length)];
                documents[i] = string.Join(' ', words);
            }
            else
            {
                documents[i] = string.Join(' ', Enumerable.Range(0, wordsPerDocument).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
            }
        }
        return documents;
    }
}
