using Microsoft.AspNetCore.Identity;

namespace Annotate.Data.Entities;

/// <summary>A person who signs in. Identity keeps the credentials; we add a display name and a disabled flag.</summary>
public class AppUser : IdentityUser
{
    [PersonalData]
    public string? DisplayName { get; set; }

    /// <summary>A disabled user cannot sign in; their annotations stay.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<ProjectMember> Memberships { get; set; } = [];

    public string Label => string.IsNullOrWhiteSpace(DisplayName) ? Email ?? UserName ?? Id : DisplayName;
}
