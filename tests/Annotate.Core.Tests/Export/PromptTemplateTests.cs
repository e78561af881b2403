using Annotate.Core.Export;
using Annotate.Core.Export.Formats;

namespace Annotate.Core.Tests.Export;

public class PromptTemplateTests
{
    private static readonly ExportDataset Dataset = ExportFixture.Dataset(ExportFixture.SingleLabel(20));

    [Fact]
    public void FillsBuiltInsAndMetadataFieldsAndKeepsDoubledBraces()
    {
        var item = new ExportItem(new SplitRecord("x1", "hello", ["spam"]) { Metadata = new Dictionary<string, string?> { ["source"] = "sms" } });

        var text = PromptTemplate.Parse("{{json}} {id}: {text} from {source} is {label} of {label_names}; {group}").Render(item, Dataset);

        Assert.Equal("{json} x1: hello from sms is spam of ham, spam, spam, eggs; ", text);
    }

    [Theory]
    [InlineData("{text")]
    [InlineData("text}")]
    [InlineData("{}")]
    public void RejectsBrokenBraces(string template) => Assert.Throws<ArgumentException>(() => PromptTemplate.Parse(template));

    [Fact]
    public void ValidationNamesTheUnknownPlaceholderAndTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => PromptTemplate.Parse("{text} {author}").Validate(Dataset, "user"));

        Assert.Contains("{author}", error.Message);
        Assert.Contains("{source}", error.Message);
        Assert.Contains("user", error.Message);
    }
}
