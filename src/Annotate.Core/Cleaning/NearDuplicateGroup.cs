namespace Annotate.Core.Cleaning;

/// <summary>Items that are near duplicates of each other, directly or through a chain of near duplicates.</summary>
/// <param name="Representative">The lowest index of the group: the item to keep.</param>
/// <param name="Members">Every index of the group, the representative included, in ascending order (two or more).</param>
public sealed record NearDuplicateGroup(int Representative, IReadOnlyList<int> Members);
