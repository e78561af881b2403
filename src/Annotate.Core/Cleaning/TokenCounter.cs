using Microsoft.ML.Tokenizers;

namespace Annotate.Core.Cleaning;

/// <summary>
/// Counts tokens with the o200k_base byte-pair encoding of OpenAI's GPT-4o family (Microsoft.ML.Tokenizers, vocabulary
/// from the Microsoft.ML.Tokenizers.Data.O200kBase package, so it works offline). One shared instance; safe to use from
/// many threads.
/// </summary>
public sealed class TokenCounter
{
    private static readonly Lazy<TokenCounter> Shared = new(() => new TokenCounter(TiktokenTokenizer.CreateForEncoding("o200k_base")));

    private readonly Tokenizer tokenizer;

    private TokenCounter(Tokenizer tokenizer) => this.tokenizer = tokenizer;

    /// <summary>The o200k_base counter, created on first use (loading the vocabulary takes a few hundred milliseconds).</summary>
    public static TokenCounter O200kBase => Shared.Value;

    /// <summary>The name of the encoding, for reports.</summary>
    public string EncodingName => "o200k_base";

    /// <summary>Number of tokens <paramref name="text"/> encodes to. Special-token text such as "&lt;|endoftext|&gt;"
    /// counts as one token, as the model would see it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return tokenizer.CountTokens(text);
    }

    /// <summary>The token ids, for tests that compare with published tiktoken output.</summary>
    internal IReadOnlyList<int> Encode(string text) => tokenizer.EncodeToIds(text);
}
