namespace Annotate.E2E.TestSupport;

/// <summary>Credentials the flows use. Passwords satisfy the app's rule (8+ characters, upper, lower, digit).</summary>
public static class TestAccounts
{
    public const string AdminEmail = "admin@annotate.test";
    public const string AdminPassword = "Admin12345";
    public const string AnnotatorEmail = "ann@annotate.test";
    public const string AnnotatorPassword = "Annotator123";
}
