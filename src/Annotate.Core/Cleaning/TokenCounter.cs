using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace Annotate.Core.Cleaning;

/// <summary>
/// Counts tokens with the o200k_base byte-pair encoding of OpenAI's GPT-4o family (Microsoft.ML.Tokenizers, vocabulary
/// from the Microsoft.ML.Tokenizers.Data.O200kBase package, so it works offline). One shared instance; safe to use from
/// many threads.
/// </summary>
public sealed class TokenCounter
{
    /// <summary>Pieces up to this length are remembered, as the tokenizer's own cache does (longer ones are rare).</summary>
    private const int MaxRememberedPieceLength = 15;

    /// <summary>Enough for the common words of a corpus (a few MB); once full, further pieces are counted each time.</summary>
    private const int MaxRememberedPieces = 100_000;

    private static readonly Lazy<TokenCounter> Shared = new(() => new TokenCounter(TiktokenTokenizer.CreateForEncoding("o200k_base")));

    private readonly Tokenizer tokenizer;
    private readonly ConcurrentDictionary<string, int> countsByPiece = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> countsBySpan;
    private int remembered;

    private TokenCounter(Tokenizer tokenizer)
    {
        this.tokenizer = tokenizer;
        countsBySpan = countsByPiece.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The o200k_base counter, created on first use (loading the vocabulary takes a few hundred milliseconds).</summary>
    public static TokenCounter O200kBase => Shared.Value;

    /// <summary>The name of the encoding, for reports.</summary>
    public string EncodingName => "o200k_base";

    /// <summary>Number of tokens <paramref name="text"/> encodes to. Special-token text such as "&lt;|endoftext|&gt;"
    /// counts as one token, as the model would see it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <remarks>
    /// The tokenizer counts a text as the sum of the counts of its pre-tokens (the pieces its regular expression cuts
    /// the text into: words with their leading space, numbers, punctuation), and so does this method, with the same
    /// pre-tokenizer and the tokenizer's own count for each piece. The difference is where a piece's count is
    /// remembered: the tokenizer keeps it in a cache that takes a lock on every lookup, hit or not, which made
    /// counting about twice as slow as it needs to be and serialised the threads of a parallel import; here common
    /// pieces are read from a dictionary without locks.
    /// </remarks>
    public int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (tokenizer.PreTokenizer is not { } preTokenizer || tokenizer.Normalizer is not null)
        {
            return tokenizer.CountTokens(text);
        }
        var count = 0;
        foreach (var (offset, length) in preTokenizer.PreTokenize(text))
        {
            var piece = text.AsSpan(offset, length);
            if (!countsBySpan.TryGetValue(piece, out var pieceCount))
            {
                pieceCount = tokenizer.CountTokens(piece, considerPreTokenization: false);
                // Counted here, not with countsByPiece.Count, which takes every lock of the dictionary.
                if (length <= MaxRememberedPieceLength && Volatile.Read(ref remembered) < MaxRememberedPieces
                    && countsByPiece.TryAdd(piece.ToString(), pieceCount))
                {
                    Interlocked.Increment(ref remembered);
                }
            }
            count += pieceCount;
        }
        return count;
    }

    /// <summary>The token ids, for tests that compare with published tiktoken output.</summary>
    internal IReadOnlyList<int> Encode(string text) => tokenizer.EncodeToIds(text);

    /// <summary>The tokenizer's own count, for tests that check <see cref="Count"/> agrees with it.</summary>
    internal int CountWithTokenizerOnly(string text) => tokenizer.CountTokens(text);
}
