using System.Globalization;
using System.Text;

namespace Annotate.Core.Cleaning;

/// <summary>
/// The set of word shingles of a text as 32-bit hashes. A word is a maximal run of letters, combining marks and decimal
/// digits (so "don't" is two words and "e-mail" too), compared lower-case; a shingle is <c>size</c> consecutive words,
/// and a text with fewer words than that has one shingle of all its words.
/// </summary>
/// <remarks>Hashes are FNV-1a over the lower-cased UTF-16 code units, finished with a 64-bit mixer; they never depend
/// on the process (unlike <see cref="string.GetHashCode()"/>), so indexes built in different runs agree.</remarks>
internal static class WordShingles
{
    /// <summary>Appends the distinct shingle hashes of <paramref name="text"/>, in ascending order, to
    /// <paramref name="output"/>, which is cleared first.</summary>
    public static void Collect(ReadOnlySpan<char> text, int size, List<uint> output)
    {
        output.Clear();
        Span<ulong> window = stackalloc ulong[size];
        var words = 0;
        var i = 0;
        while (NextWord(text, ref i, out var wordHash))
        {
            window[words % size] = wordHash;
            words++;
            if (words >= size)
            {
                output.Add(Combine(window, words, size, size));
            }
        }
        if (words is > 0 && words < size)
        {
            output.Add(Combine(window, words, words, size));
        }
        if (output.Count > 1)
        {
            output.Sort();
            var kept = 1;
            for (var k = 1; k < output.Count; k++)
            {
                if (output[k] != output[kept - 1])
                {
                    output[kept++] = output[k];
                }
            }
            output.RemoveRange(kept, output.Count - kept);
        }
    }

    /// <summary>Hash of the last <paramref name="count"/> words in the ring <paramref name="window"/>, oldest first.</summary>
    private static uint Combine(ReadOnlySpan<ulong> window, int wordsSeen, int count, int size)
    {
        var hash = 0x243F6A8885A308D3UL ^ (ulong)count;
        for (var k = wordsSeen - count; k < wordsSeen; k++)
        {
            hash = Mix64((hash ^ window[k % size]) * 0x9E3779B97F4A7C15UL);
        }
        return (uint)(hash >> 32);
    }

    private static bool NextWord(ReadOnlySpan<char> text, ref int i, out ulong hash)
    {
        const ulong fnvOffset = 0xCBF29CE484222325UL;
        const ulong fnvPrime = 0x100000001B3UL;
        hash = fnvOffset;
        var length = 0;
        Span<char> lower = stackalloc char[2];
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 0x80)
            {
                if (c is >= 'A' and <= 'Z')
                {
                    c = (char)(c | 0x20);
                }
                else if (c is not (>= 'a' and <= 'z' or >= '0' and <= '9'))
                {
                    i++;
                    if (length > 0)
                    {
                        break;
                    }
                    continue;
                }
                hash = (hash ^ c) * fnvPrime;
                length++;
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
                consumed = 1;
            }
            i += consumed;
            if (!IsWordRune(rune))
            {
                if (length > 0)
                {
                    break;
                }
                continue;
            }
            var written = Rune.ToLowerInvariant(rune).EncodeToUtf16(lower);
            for (var k = 0; k < written; k++)
            {
                hash = (hash ^ lower[k]) * fnvPrime;
            }
            length++;
        }
        hash = Mix64(hash);
        return length > 0;
    }

    private static bool IsWordRune(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.DecimalDigitNumber => true,
        _ => false,
    };

    /// <summary>The finaliser of MurmurHash3 (fmix64): every input bit affects every output bit.</summary>
    internal static ulong Mix64(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB93FE53E87CBUL;
        x ^= x >> 33;
        return x;
    }
}
