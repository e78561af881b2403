namespace Annotate.Data.Entities;

/// <summary>
/// A project's labeling function. Its definition lives in <see cref="LabelingFunctionVersion"/>s: editing adds a version
/// (votes of earlier versions stay attributable), and only <see cref="CurrentVersion"/> votes in new model runs.
/// </summary>
public class LabelingFunction
{
    public int Id { get; set; }

    public int ProjectId { get; set; }

    public required string Name { get; set; }

    /// <summary>The single-label question it votes on.</summary>
    public required string QuestionKey { get; set; }

    /// <summary>Disabled functions are kept with their versions and votes but take no part in applying or fitting.</summary>
    public bool Enabled { get; set; } = true;

    public int CurrentVersion { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? CreatedById { get; set; }

    public List<LabelingFunctionVersion> Versions { get; set; } = [];
}

/// <summary>One saved definition of a labeling function (never changed once saved), and how far it has been applied.</summary>
public class LabelingFunctionVersion
{
    public int Id { get; set; }

    public int FunctionId { get; set; }

    public int ProjectId { get; set; }

    public int Version { get; set; }

    /// <summary>The <c>Annotate.Core.WeakSupervision.Functions.LfRule</c> as JSON.</summary>
    public required string RuleJson { get; set; }

    /// <summary>The label key voted by rules with a fixed label; null for annotator and prediction rules.</summary>
    public string? Label { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? CreatedById { get; set; }

    /// <summary>Every item with an id up to this one has its votes stored; null until first applied.</summary>
    public long? AppliedThroughItemId { get; set; }

    public DateTime? AppliedAt { get; set; }

    /// <summary>Why the last application stopped for this version (a regular expression timed out on an item, …).</summary>
    public string? Error { get; set; }

    public LabelingFunction? Function { get; set; }
}

/// <summary>
/// One non-abstaining vote: the label matrix is stored sparsely, one row per (function version, item) that voted.
/// </summary>
public class LfVote
{
    public int FunctionVersionId { get; set; }

    public long ItemId { get; set; }

    public int ProjectId { get; set; }

    /// <summary>The label key voted (keys survive schema edits; class indexes would not).</summary>
    public required string Label { get; set; }
}

/// <summary>A label model fitted on the votes: which functions, which model, its learned parameters.</summary>
public class WeakLabelRun
{
    public int Id { get; set; }

    public int ProjectId { get; set; }

    public required string QuestionKey { get; set; }

    /// <summary>majority, dawid-skene or snorkel.</summary>
    public required string Model { get; set; }

    public int Seed { get; set; }

    /// <summary>The function version ids used, as a JSON array.</summary>
    public required string FunctionVersionsJson { get; set; }

    /// <summary>The class labels in order, learned LF accuracies, class prior and the like, as JSON.</summary>
    public required string ParametersJson { get; set; }

    public int Items { get; set; }

    public int Covered { get; set; }

    public DateTime CreatedAt { get; set; }

    public long? JobId { get; set; }

    /// <summary>
    /// The project's auto-accept threshold when the run was fitted: its weak labels with at least this confidence count
    /// as accepted labels (provenance weak) without a person; null = none are.
    /// </summary>
    public double? AcceptThreshold { get; set; }
}

/// <summary>The label model's output for one item in one run.</summary>
public class WeakLabel
{
    public int RunId { get; set; }

    public long ItemId { get; set; }

    public int ProjectId { get; set; }

    /// <summary>The predicted label key; null when no function voted and the model abstains.</summary>
    public string? Label { get; set; }

    /// <summary>The predicted label's probability.</summary>
    public double Confidence { get; set; }

    /// <summary>Entropy of the class probabilities, for "uncertainty first" ordering.</summary>
    public double Entropy { get; set; }

    /// <summary>Class probabilities in the run's class order, as a JSON array.</summary>
    public required string ProbabilitiesJson { get; set; }

    public bool AnyVote { get; set; }
}
