using Annotate.Core.Projects;

namespace Annotate.Core.Tests.Projects;

public class ProjectNamesTests
{
    [Theory]
    [InlineData("  Spam  filter ", "Spam filter")]
    [InlineData("a\t\nb", "a b")]
    [InlineData("single", "single")]
    public void CleanTrimsAndFoldsWhiteSpace(string input, string expected) =>
        Assert.Equal(expected, ProjectNames.Clean(input));

    [Fact]
    public void NormalizeMakesCaseAndCompatibilityFormsEqual() =>
        Assert.Equal(ProjectNames.Normalize("Spam  Filter"), ProjectNames.Normalize("ｓｐａｍ filter"));

    [Fact]
    public void NormalizeKeepsDifferentNamesApart() =>
        Assert.NotEqual(ProjectNames.Normalize("Spam filter"), ProjectNames.Normalize("Spam filters"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void ValidateRejectsEmptyNames(string? name) =>
        Assert.Equal("A project needs a name.", ProjectNames.Validate(name));

    [Fact]
    public void ValidateRejectsTooLongNamesAndSaysTheLength()
    {
        var message = ProjectNames.Validate(new string('x', 101));
        Assert.NotNull(message);
        Assert.Contains("101", message);
    }

    [Fact]
    public void ValidateRejectsControlCharacters() =>
        Assert.NotNull(ProjectNames.Validate("bad\u0007name"));

    [Fact]
    public void ValidateAcceptsOrdinaryNames() => Assert.Null(ProjectNames.Validate("TREC questions (coarse)"));

    [Fact]
    public void CleanThrowsOnNull() => Assert.Throws<ArgumentNullException>(() => ProjectNames.Clean(null!));
}
