using Annotate.Core.Export.Formats;

namespace Annotate.Core.Tests.Export;

public sealed class FolderExportSinkTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("annotate-export-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void WritesIntoSubfoldersEvenWhenTheRootEndsInASeparator()
    {
        var sink = new FolderExportSink(root + Path.DirectorySeparatorChar);

        using (var stream = sink.Create("data/train.jsonl"))
        {
            stream.Write("{}\n"u8);
        }

        Assert.Equal("{}\n", File.ReadAllText(Path.Combine(root, "data", "train.jsonl")));
    }

    [Theory]
    [InlineData("../outside.jsonl")]
    [InlineData("/etc/outside.jsonl")]
    public void RefusesPathsOutsideTheFolder(string path) =>
        Assert.Throws<ArgumentException>(() => new FolderExportSink(root).Create(path));
}
