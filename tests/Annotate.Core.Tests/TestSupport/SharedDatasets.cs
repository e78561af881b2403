using System.Text;

namespace Annotate.Core.Tests.TestSupport;

/// <summary>Reads the real datasets in <c>shared/datasets</c> with a deliberately tiny reader: the product's Ingest
/// readers are tested elsewhere and must not be what these tests depend on.</summary>
internal static class SharedDatasets
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The 5,574 message texts of the SMS Spam Collection, in file order.</summary>
    public static IReadOnlyList<string> SmsTexts() =>
        File.ReadAllLines(Path.Combine(Root.Value, "sms_spam_collection", "SMSSpamCollection"), Encoding.UTF8)
            .Where(line => line.Length > 0)
            .Select(line => line[(line.IndexOf('\t') + 1)..])
            .ToList();

    /// <summary>The CONTENT column of the five YouTube Spam Collection CSVs (1,956 comments), in file order.</summary>
    public static IReadOnlyList<string> YouTubeComments()
    {
        var texts = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root.Value, "youtube_spam_collection"), "Youtube0*.csv").Order())
        {
            var rows = ParseCsv(File.ReadAllText(file, Encoding.UTF8));
            var content = rows[0].IndexOf("CONTENT");
            texts.AddRange(rows.Skip(1).Select(row => row[content]));
        }
        return texts;
    }

    /// <summary>RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    internal static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }
        return rows;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            $"No shared/datasets folder above {AppContext.BaseDirectory}; the near-duplicate quality tests need it.");
    }
}
