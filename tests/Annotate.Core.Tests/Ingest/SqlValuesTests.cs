using System.Collections;
using System.Globalization;
using Annotate.Core.Ingest;

namespace Annotate.Core.Tests.Ingest;

public class SqlValuesTests
{
    public static TheoryData<object?, string?> Values => new()
    {
        { null, null },
        { DBNull.Value, null },
        { "plain", "plain" },
        { "", "" },
        { 42L, "42" },
        { -7, "-7" },
        { (short)3, "3" },
        { 1.5, "1.5" },
        { 0.1 + 0.2, "0.30000000000000004" },
        { 2.5f, "2.5" },
        { 12345.678m, "12345.678" },
        { true, "true" },
        { false, "false" },
        { 'x', "x" },
        { new DateTime(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc), "2024-03-01T10:00:00.0000000Z" },
        { new DateTime(2024, 3, 1, 10, 0, 0, DateTimeKind.Unspecified), "2024-03-01T10:00:00.0000000" },
        { new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.FromHours(2)), "2024-03-01T10:00:00.0000000+02:00" },
        { new DateOnly(2024, 3, 1), "2024-03-01" },
        { new TimeOnly(13, 45, 30), "13:45:30" },
        { TimeSpan.FromMinutes(90), "01:30:00" },
        { Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), "0f8fad5b-d9cb-469f-a165-70867728950e" },
        { new[] { 1, 2, 3 }, "[1,2,3]" },
        { new[] { "a", null, "c\"d" }, "[\"a\",null,\"c\\\"d\"]" },
        { new Hashtable { ["k"] = "v" }, "{\"k\":\"v\"}" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void DriverValuesBecomeInvariantText(object? value, string? expected)
    {
        Assert.True(SqlValues.TryFormat(value, out var text, out var problem), problem);
        Assert.Equal(expected, text);
    }

    [Fact]
    public void NumbersDoNotFollowTheCurrentCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.True(SqlValues.TryFormat(1234.5, out var text, out _));
            Assert.Equal("1234.5", text);
            Assert.True(SqlValues.TryFormat(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), out text, out _));
            Assert.StartsWith("2024-03-01T00:00:00", text);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void BinaryDataIsRefusedWithItsSizeAndWhatToDoInTheQuery()
    {
        Assert.False(SqlValues.TryFormat(new byte[1500], out var text, out var problem));
        Assert.Null(text);
        Assert.Contains("binary data (1,500 bytes)", problem);
        Assert.Contains("encode(col, 'base64')", problem);
    }

    [Fact]
    public void ATypeWithoutATextFormIsRefusedByName()
    {
        Assert.False(SqlValues.TryFormat(new Opaque(), out _, out var problem));
        Assert.Contains("Opaque", problem);
        Assert.Contains("cast the column to text", problem);
    }

    private sealed class Opaque;
}
