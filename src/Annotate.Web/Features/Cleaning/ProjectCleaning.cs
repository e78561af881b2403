using Annotate.Core.Cleaning;
using Annotate.Data.Entities;

namespace Annotate.Web.Features.Cleaning;

/// <summary>A project's cleaning rules, ready to apply to items as they are imported.</summary>
public sealed class ProjectCleaning(CleaningOptions settings)
{
    /// <summary>What a new project starts with: everything on, PII masked with the original kept for Managers, near duplicates grouped.</summary>
    public static CleaningOptions Defaults { get; } = CleaningOptions.Default with { KeepOriginal = true, Dedupe = DedupeMode.Near };

    public CleaningOptions Settings => settings;

    public bool GroupsNearDuplicates => settings.Dedupe == DedupeMode.Near;

    /// <summary>
    /// The job that follows a change to the items (an import, a re-clean): near-duplicate grouping, which recounts
    /// when it is done, or else the recount itself (recounting before the grouping would race it with older numbers).
    /// </summary>
    public string FollowUpJobKind => GroupsNearDuplicates ? NearDuplicateJob.JobKind : Statistics.StatisticsRecountJob.JobKind;

    /// <summary>Cleans the item's text in place and records what cleaning found (PII, tokens, the reason it was filtered).</summary>
    public void Apply(Item item)
    {
        var cleaned = TextCleaner.Clean(item.Text, HtmlText.LooksLikeHtml(item.Text), settings);
        item.Text = cleaned.Text;
        item.OriginalText = cleaned.Original;
        item.PiiFlags = (int)cleaned.Pii;
        item.TokenCount = cleaned.Tokens;
        item.Status = cleaned.IsKept ? ItemStatus.Active : ItemStatus.Filtered;
        item.ContentHash = ContentHash.Of(cleaned.Text);
    }
}
