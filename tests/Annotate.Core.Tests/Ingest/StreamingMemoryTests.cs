using System.Globalization;
using System.Text;
using Annotate.Core.Ingest;

namespace Annotate.Core.Tests.Ingest;

/// <summary>Runs alone, so that other tests' allocations do not blur the measurement.</summary>
[CollectionDefinition(DisableParallelization = true)]
public class MemoryMeasurementCollection;

[Collection(nameof(MemoryMeasurementCollection))]
public class StreamingMemoryTests
{
    private const int Rows = 300_000;

    [Fact]
    public async Task ReadsA300000RowCsvFromAStreamThatCannotSeekInBoundedMemory()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var stream = new GeneratedStream(GenerateCsv(Rows));
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        var count = 0;
        long lastRow = 0;

        await using (var reader = await RecordReaders.OpenAsync(stream, SourceFormat.Csv, null, cancellationToken))
        {
            await foreach (var result in reader.ReadAsync(cancellationToken))
            {
                Assert.False(result.IsProblem, result.Problem?.ToString());
                count++;
                lastRow = result.Record!.Row;
                if (count % 30_000 == 0)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                }
            }
        }

        Assert.Equal(Rows, count);
        Assert.Equal(Rows, lastRow);
        // Holding the text alone would take twice its size in UTF-16 (over 120 MB); 32 MB of growth leaves room for
        // what the runtime itself allocates meanwhile. Only growth is measured: the test process also
        // holds what other tests cached (the tokenizer's vocabulary, for one).
        Assert.True(stream.BytesRead > 60_000_000, $"only {stream.BytesRead:N0} bytes were generated");
        Assert.True(peak - baseline < 32L * 1024 * 1024, $"managed memory grew by {peak - baseline:N0} bytes while reading");
    }

    /// <summary>About 200 bytes a row, made a thousand rows at a time and never kept.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> GenerateCsv(int rows)
    {
        yield return "id,text,label,created\n"u8.ToArray();
        var builder = new StringBuilder();
        for (var start = 1; start <= rows; start += 1000)
        {
            builder.Clear();
            for (var i = start; i < start + 1000 && i <= rows; i++)
            {
                builder.Append(CultureInfo.InvariantCulture,
                    $"{i},\"Comment number {i}: generated text with a comma, a \"\"quote\"\" and enough words to look like a real comment from a real person, going on a little longer to fill the row.\",{(i % 3 == 0 ? "spam" : "ham")},2024-01-01T00:00:{i % 60:00}\n");
            }
            yield return Encoding.UTF8.GetBytes(builder.ToString());
        }
    }
}
