namespace Annotate.Core.Cleaning;

/// <summary>
/// Finds exact duplicates in a stream of (index, <see cref="ContentHash"/>) pairs: the first item with a hash is kept and
/// every later one points at it. Hashes are held as 32 binary bytes, not strings, so a million items take about 60 MB.
/// </summary>
public sealed class ExactDuplicates
{
    private readonly Dictionary<(UInt128, UInt128), int> firstIndexByHash = [];

    /// <summary>Number of distinct hashes seen.</summary>
    public int DistinctCount => firstIndexByHash.Count;

    /// <summary>Records item <paramref name="index"/> and returns the index of the first item fed with the same hash,
    /// or null when this is the first.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="hash"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 64 hexadecimal digits.</exception>
    public int? Add(int index, string hash)
    {
        var key = Parse(hash);
        if (firstIndexByHash.TryGetValue(key, out var first))
        {
            return first;
        }
        firstIndexByHash.Add(key, index);
        return null;
    }

    /// <summary>For each (index, hash) of <paramref name="items"/>, in order, the index of the first item with the same
    /// hash, or null for the first one. Lazy: items are read as the result is enumerated.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentException">While enumerating: a hash is not 64 hexadecimal digits.</exception>
    public static IEnumerable<(int Index, int? DuplicateOf)> Find(IEnumerable<(int Index, string Hash)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return FindIterator(items);
    }

    private static IEnumerable<(int Index, int? DuplicateOf)> FindIterator(IEnumerable<(int Index, string Hash)> items)
    {
        var duplicates = new ExactDuplicates();
        foreach (var (index, hash) in items)
        {
            yield return (index, duplicates.Add(index, hash));
        }
    }

    private static (UInt128, UInt128) Parse(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        Span<byte> bytes = stackalloc byte[32];
        if (hash.Length != 64 || Convert.FromHexString(hash, bytes, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != 32)
        {
            throw new ArgumentException($"Expected a SHA-256 hash as 64 hexadecimal digits, got \"{Shorten(hash)}\".", nameof(hash));
        }
        return (System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes[16..]));
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
