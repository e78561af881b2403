using System.Text;
using Annotate.Core.Ingest;
using Annotate.Core.WeakSupervision;

namespace Annotate.Core.Tests.WeakSupervision;

public class VoteTableTests
{
    private static Task<VoteTable> ReadAsync(string text, SourceFormat format) =>
        VoteTable.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), format, TestContext.Current.CancellationToken);

    [Fact]
    public async Task ReadsTheWrenchYoutubeTrainingSplit()
    {
        var table = await WrenchScoring.LoadAsync("youtube", "train");

        // PROVENANCE.md: 1,686 rows, 10 LFs, 801 HAM / 885 SPAM, coverage 0.893.
        Assert.Equal(1_686, table.ItemCount);
        Assert.Equal(10, table.LfNames.Count);
        Assert.Equal("weak_labels[0]", table.LfNames[0]);
        Assert.Equal("0", table.Ids[0]);
        Assert.Equal(885, table.Gold.Count(g => g == 1));
        Assert.Equal(1, table.MaxClass);
        var matrix = table.ToMatrix(2);
        Assert.Equal(0.893, matrix.CoveredCount() / 1_686.0, 0.001);
    }

    [Fact]
    public async Task ReadsACsvOfVotesWithLabelsAndIds()
    {
        var table = await ReadAsync("id,keyword,regex,label,length\na,1,-1,1,\nb,,0,,2\n", SourceFormat.Csv);

        Assert.Equal(["keyword", "regex", "length"], table.LfNames);
        Assert.Equal(["a", "b"], table.Ids);
        Assert.Equal([1, -1], table.Gold);
        Assert.True(table.HasGold);
        var matrix = table.ToMatrix(3);
        Assert.Equal([1, -1, -1], Enumerable.Range(0, 3).Select(lf => matrix.VoteOf(0, lf)));
        Assert.Equal([-1, 0, 2], Enumerable.Range(0, 3).Select(lf => matrix.VoteOf(1, lf)));
    }

    [Fact]
    public async Task WithoutAnIdColumnTheRowNumberIsTheId()
    {
        var table = await ReadAsync("lf1,lf2\n0,1\n1,1\n", SourceFormat.Csv);

        Assert.Equal(["1", "2"], table.Ids);
        Assert.False(table.HasGold);
        Assert.Equal([-1, -1], table.Gold);
    }

    [Theory]
    [InlineData("lf1,lf2,label\n0,1,1\n1,yes,0\n", "Row 2, field 'lf2': \"yes\" is not a vote")]
    [InlineData("lf1,lf2,label\n0,-2,1\n", "Row 1, field 'lf2': \"-2\" is not a vote")]
    [InlineData("lf1,lf2,label\n0,1,spam\n", "Row 1, field 'label': \"spam\" is not a class index")]
    [InlineData("label\n1\n", "no LF columns")]
    [InlineData("lf1,lf2\n0,1\n1\n", "Row 2")]
    public async Task ABadCsvNamesTheRowAndField(string text, string expected)
    {
        var error = await Assert.ThrowsAsync<IngestException>(() => ReadAsync(text, SourceFormat.Csv));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("[1, 2]", "one JSON object of items")]
    [InlineData("{\"0\": {\"label\": 1}}", "Row 1 (id \"0\"), field 'weak_labels'")]
    [InlineData("{\"0\": {\"weak_labels\": [1, -1]}, \"7\": {\"weak_labels\": [1]}}", "Row 2 (id \"7\"), field 'weak_labels': 1 votes; the first item has 2")]
    [InlineData("{\"0\": {\"weak_labels\": [1, \"x\"]}}", "field 'weak_labels[1]': \"x\" is not a vote")]
    [InlineData("{\"0\": {\"weak_labels\": [1], \"label\": \"spam\"}}", "field 'label'")]
    [InlineData("{\"0\": {\"weak_labels\": [1],", "not valid JSON")]
    public async Task ABadWrenchFileNamesTheRowAndField(string text, string expected)
    {
        var error = await Assert.ThrowsAsync<IngestException>(() => ReadAsync(text, SourceFormat.Json));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task AVoteOutsideTheClassesNamesItsRowAndField()
    {
        var table = await ReadAsync("id,lf1,lf2,label\nx,0,1,1\ny,4,1,0\n", SourceFormat.Csv);

        var error = Assert.Throws<IngestException>(() => table.ToMatrix(3));

        Assert.Equal("Row 2 (id \"y\"), field 'lf1': 4 is not one of the 3 classes (0–2).", error.Message);
        Assert.Equal(2, error.Row);
        Assert.Equal("lf1", error.Field);
    }
}
