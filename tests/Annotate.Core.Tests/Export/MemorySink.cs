using Annotate.Core.Export.Formats;

namespace Annotate.Core.Tests.Export;

/// <summary>Keeps every exported file in memory, by path, in the order written.</summary>
internal sealed class MemorySink : IExportSink
{
    private readonly List<(string Path, MemoryStream Stream)> files = [];

    public IReadOnlyList<string> Paths => [.. files.Select(f => f.Path)];

    public Stream Create(string path)
    {
        Assert.DoesNotContain(path, Paths);
        var stream = new MemoryStream();
        files.Add((path, stream));
        return stream;
    }

    public byte[] Bytes(string path) => files.Single(f => f.Path == path).Stream.ToArray();

    public string Text(string path) => System.Text.Encoding.UTF8.GetString(Bytes(path));
}
