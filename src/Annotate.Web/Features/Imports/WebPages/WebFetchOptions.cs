using System.ComponentModel.DataAnnotations;

namespace Annotate.Web.Features.Imports.WebPages;

/// <summary>The "Annotate:WebFetch" configuration section: how web-page imports fetch pages. Admins only (configuration).</summary>
public sealed class WebFetchOptions
{
    public const string SectionName = "Annotate:WebFetch";

    /// <summary>
    /// When false (the default) pages on loopback, private, link-local (cloud metadata), CGNAT, unique-local and other
    /// internal addresses are refused, after every DNS lookup and on every redirect. Set it to import from an intranet.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>How long one page may take, redirects and body included.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>The largest page body, in bytes after decompression (default 5 MB).</summary>
    [Range(1024, 1L << 30)]
    public long MaxBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>How many redirects one URL may follow.</summary>
    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>How many URLs one import may list.</summary>
    [Range(1, 100_000)]
    public int MaxUrls { get; set; } = 1000;

    /// <summary>How many pages one import fetches at once.</summary>
    [Range(1, 32)]
    public int Concurrency { get; set; } = 4;
}
