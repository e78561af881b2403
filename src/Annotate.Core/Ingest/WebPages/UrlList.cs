namespace Annotate.Core.Ingest.WebPages;

/// <summary>One line of a URL list: a URL to fetch, or why the line is not one.</summary>
/// <param name="Line">The 1-based line number in the list as typed (blank lines count).</param>
/// <param name="Text">The line as typed, trimmed.</param>
/// <param name="Url">The URL to fetch (fragment removed), or <see langword="null"/> when <see cref="Problem"/> is set.</param>
/// <param name="Problem">Why the line cannot be fetched, or <see langword="null"/>.</param>
public sealed record UrlLine(int Line, string Text, Uri? Url, string? Problem)
{
    /// <summary>How the import names this line: the URL, or the text as typed.</summary>
    public string Name => Url?.AbsoluteUri ?? Text;
}

/// <summary>A Manager's list of web pages, one URL a line, as an import reads it.</summary>
/// <param name="Lines">The non-blank lines in order, each URL once (repeats are left out and noted).</param>
/// <param name="Notes">What was left out and why ("Line 5 repeats line 2 …").</param>
public sealed record UrlList(IReadOnlyList<UrlLine> Lines, IReadOnlyList<string> Notes)
{
    /// <summary>Longest URL kept: items record where they came from in a column of this size.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>The lines that are URLs.</summary>
    public IEnumerable<UrlLine> Urls => Lines.Where(l => l.Url is not null);

    /// <summary>Splits <paramref name="text"/> into lines; blank lines are skipped, repeats noted, bad lines kept with a reason.</summary>
    public static UrlList Parse(string? text)
    {
        var lines = new List<UrlLine>();
        var notes = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in (text ?? "").ReplaceLineEndings("\n").Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var (url, problem) = Check(line);
            if (url is not null)
            {
                if (seen.TryGetValue(url.AbsoluteUri, out var first))
                {
                    notes.Add($"Line {number} repeats line {first} ({url.AbsoluteUri}); it is fetched once.");
                    continue;
                }
                seen.Add(url.AbsoluteUri, number);
            }
            lines.Add(new UrlLine(number, WithoutCredentials(line), url, problem));
        }
        return new UrlList(lines, notes);
    }

    private static (Uri? Url, string? Problem) Check(string line)
    {
        if (line.Length > MaxUrlLength)
        {
            return (null, $"the URL is longer than {MaxUrlLength:N0} characters");
        }
        if (!Uri.TryCreate(line, UriKind.Absolute, out var uri))
        {
            return (null, line.Contains("://", StringComparison.Ordinal) || line.Contains(' ', StringComparison.Ordinal)
                ? $"'{Shorten(line)}' is not a valid URL"
                : $"'{Shorten(line)}' is not a URL (write it with https://)");
        }
        if (!IsHttp(uri))
        {
            return (null, $"'{Shorten(line)}' is not an http(s) URL");
        }
        if (string.IsNullOrEmpty(uri.Host))
        {
            return (null, $"'{Shorten(line)}' has no host name");
        }
        if (uri.UserInfo.Length > 0)
        {
            // It would be stored with every item and report; pages behind a login are not supported.
            return (null, "a URL with a user name or password is not supported");
        }
        // The fragment is never sent to the server: two URLs that differ only there are the same page.
        var page = string.IsNullOrEmpty(uri.Fragment) ? uri : new UriBuilder(uri) { Fragment = "" }.Uri;
        return (page, null);
    }

    private static string WithoutCredentials(string line) =>
        Uri.TryCreate(line, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.AbsoluteUri
            : line;

    /// <summary>True for http and https URLs, the only ones fetched.</summary>
    public static bool IsHttp(Uri url) => url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";
}
