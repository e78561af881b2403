using Annotate.Core.Ingest;

namespace Annotate.Core.Tests.Ingest;

/// <summary>Everything one reading of a file gave: columns, records, problems, and the exception that stopped it.</summary>
internal sealed class ReadOutcome
{
    public IReadOnlyList<string> Columns { get; private set; } = [];

    public string? Encoding { get; private set; }

    public List<SourceRecord> Records { get; } = [];

    public List<RecordProblem> Problems { get; } = [];

    public IngestException? Failure { get; private set; }

    public static async Task<ReadOutcome> ReadAsync(Func<CancellationToken, ValueTask<IRecordReader>> open, CancellationToken cancellationToken)
    {
        var outcome = new ReadOutcome();
        try
        {
            await using var reader = await open(cancellationToken);
            outcome.Encoding = reader.DetectedEncoding;
            outcome.Columns = [.. reader.Columns];
            await foreach (var result in reader.ReadAsync(cancellationToken))
            {
                Assert.True(result.Record is null != result.Problem is null, "exactly one of record and problem is set");
                if (result.Record is { } record)
                {
                    outcome.Records.Add(record);
                }
                else
                {
                    outcome.Problems.Add(result.Problem!);
                }
            }
            outcome.Columns = [.. reader.Columns];
        }
        catch (IngestException e)
        {
            outcome.Failure = e;
        }
        return outcome;
    }

    public static Task<ReadOutcome> ReadAsync(byte[] bytes, SourceFormat format, ReadOptions? options, CancellationToken cancellationToken) =>
        ReadAsync(ct => RecordReaders.OpenAsync(new MemoryStream(bytes, writable: false), format, options, ct), cancellationToken);

    public static Task<ReadOutcome> ReadAsync(string text, SourceFormat format, CancellationToken cancellationToken) =>
        ReadAsync(System.Text.Encoding.UTF8.GetBytes(text), format, null, cancellationToken);
}
