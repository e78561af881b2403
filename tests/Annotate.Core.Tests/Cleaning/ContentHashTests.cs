using Annotate.Core.Cleaning;

namespace Annotate.Core.Tests.Cleaning;

public class ContentHashTests
{
    // Published SHA-256 test vectors (FIPS 180-2 "abc" and the empty string).
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void IsLowerCaseHexSha256(string text, string expected) => Assert.Equal(expected, ContentHash.Of(text));

    [Fact]
    public void HashesUtf8Bytes()
    {
        // "é" is C3 A9 in UTF-8.
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([0xC3, 0xA9])), ContentHash.Of("é"));
        var longText = new string('ü', 5000);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(longText))),
            ContentHash.Of(longText));
    }

    [Fact]
    public void ThrowsOnNull() => Assert.Throws<ArgumentNullException>(() => ContentHash.Of(null!));
}
