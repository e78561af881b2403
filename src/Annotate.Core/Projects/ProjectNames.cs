using System.Text;

namespace Annotate.Core.Projects;

/// <summary>Rules for project names: what a user may type and how two names are compared for uniqueness.</summary>
public static class ProjectNames
{
    public const int MaxLength = 100;

    /// <summary>Trims the name and folds every run of white space into one space.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public static string Clean(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        var pendingSpace = false;
        foreach (var c in name.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>The key two names are compared by: cleaned, Unicode-normalised (NFKC) and upper-cased invariantly.</summary>
    public static string Normalize(string name) =>
        Clean(name).Normalize(NormalizationForm.FormKC).ToUpperInvariant();

    /// <summary>Returns a message that says what is wrong with <paramref name="name"/>, or null when it is acceptable.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "A project needs a name.";
        }
        var cleaned = Clean(name);
        if (cleaned.Length > MaxLength)
        {
            return $"A project name may have at most {MaxLength} characters (this one has {cleaned.Length}).";
        }
        if (cleaned.Any(char.IsControl))
        {
            return "A project name may not contain control characters.";
        }
        return null;
    }
}
