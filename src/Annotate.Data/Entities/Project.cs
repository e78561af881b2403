namespace Annotate.Data.Entities;

/// <summary>A labeling project. It owns its items, members, jobs and everything later stages add.</summary>
public class Project
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The uniqueness key of <see cref="Name"/> (see <c>ProjectNames.Normalize</c>).</summary>
    public required string NormalizedName { get; set; }

    public string Description { get; set; } = "";

    public bool IsArchived { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ArchivedAt { get; set; }

    public string? CreatedById { get; set; }

    /// <summary>How items are cleaned on import, as JSON; null means the defaults.</summary>
    public string? CleaningJson { get; set; }

    /// <summary>How many annotators answer each item (k).</summary>
    public int Overlap { get; set; } = 1;

    /// <summary>How long an item handed out stays reserved for its annotator, in minutes.</summary>
    public int LeaseMinutes { get; set; } = 30;

    /// <summary>The order items are handed out in (<c>QueueOrder</c>: least-annotated first, random, by a metadata field).</summary>
    public int QueueOrder { get; set; }

    /// <summary>The seed of the random order.</summary>
    public int QueueSeed { get; set; }

    /// <summary>The metadata field of the by-field order.</summary>
    public string? QueueOrderField { get; set; }

    /// <summary>The by-field order runs from the largest value down (missing values still come last).</summary>
    public bool QueueOrderDescending { get; set; }

    /// <summary>The label-model run whose weak labels the queue suggests; null until a model is fitted.</summary>
    public int? WeakLabelRunId { get; set; }

    /// <summary>Weak-supervision settings (model, tie policy, auto-accept threshold) as JSON; null means the defaults.</summary>
    public string? WeakSupervisionJson { get; set; }

    /// <summary>
    /// Items whose annotators' agreement on a graded question (label sets, spans, ratings; 0 to 1) falls below this go
    /// to review; discrete questions go on any difference.
    /// </summary>
    public double ReviewAgreementThreshold { get; set; } = 0.8;

    /// <summary>The share of the items handed to each annotator that are gold items (0 to 0.5; 0 = none).</summary>
    public double GoldRate { get; set; }

    public List<ProjectMember> Members { get; set; } = [];
}
