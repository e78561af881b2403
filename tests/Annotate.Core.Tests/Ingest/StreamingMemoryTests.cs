using System.Globalization;
using System.Text;
using Annotate.Core.Ingest;

namespace Annotate.Core.Tests.Ingest;

/// <summary>Runs alone: it forces full garbage collections, which would slow the tests running beside it.</summary>
[CollectionDefinition(DisableParallelization = true)]
public class MemoryMeasurementCollection;

[Collection(nameof(MemoryMeasurementCollection))]
public class StreamingMemoryTests
{
    private const int Rows = 300_000;

    [Fact]
    public async Task ReadsA300000RowCsvFromAStreamThatCannotSeekWithoutKeepingEarlierRowsOrBytes()
    {
        // Retention is checked with weak references rather than by heap size: the heap size also counts whatever
        // other code in the test process allocates meanwhile, and that made a size limit flaky on CI.
        var cancellationToken = TestContext.Current.CancellationToken;
        var stream = new GeneratedStream(GenerateCsv(Rows));
        var earlierRecords = new List<WeakReference>();
        var count = 0;
        long lastRow = 0;
        var checkpoints = 0;

        await using (var reader = await RecordReaders.OpenAsync(stream, SourceFormat.Csv, null, cancellationToken))
        {
            await foreach (var result in reader.ReadAsync(cancellationToken))
            {
                count++;
                lastRow = Observe(result, count, earlierRecords);
                if (count % 30_000 == 0)
                {
                    checkpoints++;
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    Assert.All(earlierRecords, reference => Assert.False(reference.IsAlive,
                        $"a record read before row {count:N0} is still held by the reader"));
                    Assert.True(stream.LiveChunks <= 2,
                        $"{stream.LiveChunks} chunks of the input are still held at row {count:N0}");
                }
            }
        }

        Assert.Equal(Rows, count);
        Assert.Equal(Rows, lastRow);
        Assert.Equal(Rows / 30_000, checkpoints);
        Assert.Equal(2 * Rows / 30_000, earlierRecords.Count);
        // The input is over 60 MB (over 120 MB as UTF-16 text), made 200 kB at a time.
        Assert.True(stream.BytesRead > 60_000_000, $"only {stream.BytesRead:N0} bytes were generated");
    }

    /// <summary>
    /// Checks one record and, every 30,000 records, keeps weak references to it. This runs in a frame of its own
    /// because a Debug build keeps a method's temporaries alive until it returns: the test's loop runs inside one
    /// call while the stream answers at once, so a temporary made in the test method itself held on to the record.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static long Observe(RecordResult result, int count, List<WeakReference> earlierRecords)
    {
        Assert.False(result.IsProblem, result.Problem?.ToString());
        if (count % 30_000 == 1)
        {
            earlierRecords.Add(new WeakReference(result.Record));
            earlierRecords.Add(new WeakReference(result.Record!.Fields["text"]));
        }
        return result.Record!.Row;
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
