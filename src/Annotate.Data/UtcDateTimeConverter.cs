using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Annotate.Data;

/// <summary>Stores DateTime values as UTC and marks them UTC when read.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
