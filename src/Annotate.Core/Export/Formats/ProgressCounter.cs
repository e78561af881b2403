namespace Annotate.Core.Export.Formats;

/// <summary>Counts items written across files and reports now and then, so a progress bar moves without a report per item.</summary>
internal sealed class ProgressCounter(IProgress<long>? progress)
{
    private const int Every = 4096;

    public long Count { get; private set; }

    public void Add()
    {
        Count++;
        if (progress is not null && Count % Every == 0)
        {
            progress.Report(Count);
        }
    }

    public void Flush() => progress?.Report(Count);
}
