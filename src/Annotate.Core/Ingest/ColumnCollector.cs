namespace Annotate.Core.Ingest;

/// <summary>Column names in order of first appearance, for formats whose records may differ in their keys.</summary>
internal sealed class ColumnCollector : IReadOnlyList<string>
{
    private readonly List<string> names = [];
    private readonly HashSet<string> known = new(StringComparer.Ordinal);

    public int Count => names.Count;

    public string this[int index] => names[index];

    public void Add(string name)
    {
        if (known.Add(name))
        {
            names.Add(name);
        }
    }

    public IEnumerator<string> GetEnumerator() => names.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
