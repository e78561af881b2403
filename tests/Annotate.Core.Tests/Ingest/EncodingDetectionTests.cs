using System.Text;
using Annotate.Core.Ingest;

namespace Annotate.Core.Tests.Ingest;

public class EncodingDetectionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(64 * 1024 - 1)]
    [InlineData(64 * 1024 - 2)]
    [InlineData(64 * 1024 + 4 - 3)]
    [InlineData(128 * 1024 + 4 - 1)]
    public async Task MultiByteCharacterCutByAChunkBorderIsStillUtf8(int offsetOfEuroSign)
    {
        var prefix = "text\n" + new string('a', offsetOfEuroSign - 5);
        var bytes = Encoding.UTF8.GetBytes(prefix + "€uro\n");

        var outcome = await ReadOutcome.ReadAsync(bytes, SourceFormat.Csv, null, Token);

        Assert.Equal("utf-8", outcome.Encoding);
        Assert.EndsWith("€uro", Assert.Single(outcome.Records).Fields["text"]);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 }, false)]
    [InlineData(new byte[] { 0xE2, 0x82 }, false)]
    [InlineData(new byte[] { 0xE2, 0x82, 0xAC }, true)]
    [InlineData(new byte[] { 0x80 }, false)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, true)]
    public void CompleteLengthLeavesOutOnlyASequenceCutShort(byte[] tail, bool complete)
    {
        byte[] data = [.. "abc"u8, .. tail];

        var length = TextSource.CompleteLength(data);

        Assert.Equal(complete || tail[0] == 0x80 ? data.Length : 3, length);
    }

    [Fact]
    public async Task ExplicitLatin1IsObeyedEvenForValidUtf8()
    {
        var outcome = await ReadOutcome.ReadAsync("text\ncafé\n"u8.ToArray(), SourceFormat.Csv, new ReadOptions { Encoding = "latin-1" }, Token);

        Assert.Equal("latin-1", outcome.Encoding);
        Assert.Equal("cafÃ©", Assert.Single(outcome.Records).Fields["text"]);
    }

    [Fact]
    public async Task Utf16WithoutByteOrderMarkNeedsItsEncodingNamed()
    {
        var bytes = Encoding.Unicode.GetBytes("text\nhello\n");

        var detected = await ReadOutcome.ReadAsync(bytes, SourceFormat.Csv, null, Token);
        var named = await ReadOutcome.ReadAsync(bytes, SourceFormat.Csv, new ReadOptions { Encoding = "utf-16" }, Token);

        Assert.Contains("choose the encoding \"utf-16\"", detected.Failure?.Message);
        Assert.Equal("hello", Assert.Single(named.Records).Fields["text"]);
    }

    [Fact]
    public async Task Utf16SurrogatePairsSurviveEveryChunkBorder()
    {
        var text = "text\n" + string.Concat(Enumerable.Repeat("😀x", 40_000)) + "\n";
        byte[] bytes = [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)];

        var outcome = await ReadOutcome.ReadAsync(
            ct => RecordReaders.OpenAsync(new GeneratedStream(Chunks(bytes, 4093)), SourceFormat.Csv, null, ct), Token);

        Assert.Equal("utf-16be", outcome.Encoding);
        Assert.Empty(outcome.Problems);
        Assert.Equal(text[5..^1], Assert.Single(outcome.Records).Fields["text"]);
    }

    [Fact]
    public async Task LoneSurrogateInUtf16IsAProblemNamingTheRow()
    {
        byte[] bytes = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("id,text\n1,ok\n2,bad"), 0x00, 0xD8, .. Encoding.Unicode.GetBytes("x\n3,ok\n")];

        var outcome = await ReadOutcome.ReadAsync(bytes, SourceFormat.Csv, null, Token);

        var problem = Assert.Single(outcome.Problems);
        Assert.Equal(2, problem.Row);
        Assert.Equal("text", problem.Field);
        Assert.Contains("Is not valid UTF-16LE: bytes 0x00 0xD8", problem.Reason);
        Assert.Equal(2, outcome.Records.Count);
    }

    [Fact]
    public async Task InvalidUtf8InAJsonArrayNamesTheItemAndField()
    {
        byte[] bytes = [.. "[{\"id\":1,\"text\":\"ok\"},{\"id\":2,\"text\":\"na"u8, 0xEF, .. "ve\"},{\"id\":3,\"text\":\"ok\"}]"u8];

        var outcome = await ReadOutcome.ReadAsync(
            ct => RecordReaders.OpenAsync(GeneratedStream.Of(bytes), SourceFormat.Json, null, ct), Token);

        var problem = Assert.Single(outcome.Problems);
        Assert.Equal(2, problem.Row);
        Assert.Equal("text", problem.Field);
        Assert.Contains("Text is not valid UTF-8: byte 0xEF at byte offset 40", problem.Reason);
        Assert.Equal(2, outcome.Records.Count);
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] bytes, int size)
    {
        for (var i = 0; i < bytes.Length; i += size)
        {
            yield return bytes.AsMemory(i, Math.Min(size, bytes.Length - i));
        }
    }
}
