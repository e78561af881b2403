namespace Annotate.Core.Export.Formats;

/// <summary>Settings some formats use; each has a default that works without setting it.</summary>
public sealed record ExportFormatOptions
{
    public static ExportFormatOptions Default { get; } = new();

    /// <summary>How an item becomes the messages of an OpenAI chat fine-tuning line.</summary>
    public ChatTemplate Chat { get; init; } = ChatTemplate.Default;

    /// <summary>How an item becomes an Alpaca instruction/input/output record.</summary>
    public AlpacaTemplate Alpaca { get; init; } = AlpacaTemplate.Default;

    /// <summary>The fields preference pairs are read from.</summary>
    public PreferenceFields Preference { get; init; } = PreferenceFields.Default;

    /// <summary>Label Studio's control and object tag names (from_name, to_name) in the labeling config the tasks are for.</summary>
    public string LabelStudioFromName { get; init; } = "label";

    public string LabelStudioToName { get; init; } = "text";

    /// <summary>The title of the Hugging Face dataset card.</summary>
    public string DatasetName { get; init; } = "dataset";

    /// <summary>Items written so far, across the export's files; reported every few thousand items and at the end of each file.</summary>
    public IProgress<long>? Progress { get; init; }
}

/// <summary>The fields of a preference pair, read from each item's metadata.</summary>
public sealed record PreferenceFields(string Prompt, string Chosen, string Rejected)
{
    public static PreferenceFields Default { get; } = new("prompt", "chosen", "rejected");
}
