namespace Annotate.Core.Labeling;

/// <summary>A label a key chooses: the question it belongs to and the label's key.</summary>
public sealed record HotkeyTarget(string QuestionKey, string LabelKey);

/// <summary>
/// The workbench's label keys for a schema: a label's own hotkey when the Manager set one, otherwise the next free digit
/// (1 to 9, then 0) in schema order, so a schema without configured keys is still fully usable from the keyboard.
/// Retired labels get no key. Keys are compared without case.
/// </summary>
public sealed class HotkeyMap
{
    private static readonly string[] Digits = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"];
    private readonly Dictionary<string, HotkeyTarget> byKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<HotkeyTarget, string> byLabel = [];

    public HotkeyMap(LabelSchema schema)
    {
        var labeled = schema.Questions.Where(q => q.HasLabels).ToList();
        foreach (var q in labeled)
        {
            foreach (var label in q.ActiveLabels.Where(l => !string.IsNullOrEmpty(l.Hotkey)))
            {
                Add(label.Hotkey!, new HotkeyTarget(q.Key, label.Key));
            }
        }
        var free = new Queue<string>(Digits.Where(d => !byKey.ContainsKey(d)));
        foreach (var q in labeled)
        {
            foreach (var label in q.ActiveLabels.Where(l => string.IsNullOrEmpty(l.Hotkey)))
            {
                if (free.Count == 0)
                {
                    return;
                }
                Add(free.Dequeue(), new HotkeyTarget(q.Key, label.Key));
            }
        }
    }

    /// <summary>The label <paramref name="key"/> chooses, or null.</summary>
    public HotkeyTarget? Find(string key) => byKey.GetValueOrDefault(key);

    /// <summary>The key that chooses a label, shown on its button; null when it has none.</summary>
    public string? KeyOf(string questionKey, string labelKey) => byLabel.GetValueOrDefault(new HotkeyTarget(questionKey, labelKey));

    /// <summary>Every key and the label it chooses, in schema order.</summary>
    public IEnumerable<(string Key, HotkeyTarget Target)> All => byLabel.Select(p => (p.Value, p.Key));

    private void Add(string key, HotkeyTarget target)
    {
        // LabelSchema.Problems refuses duplicate hotkeys; a stored schema from before that rule keeps its first use.
        if (byKey.TryAdd(key, target))
        {
            byLabel[target] = key.ToLowerInvariant();
        }
    }
}
