using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Annotate.Core.Ingest;

/// <summary>
/// Turns the values a database driver returns for a query into record text, the way the file readers do: invariant
/// culture, ISO 8601 dates and times, <see langword="null"/> for SQL NULL, arrays and maps as compact JSON.
/// </summary>
public static class SqlValues
{
    /// <summary>Formats one value of a result column.</summary>
    /// <param name="value">What the driver returned (<see cref="DBNull"/> and <see langword="null"/> both mean NULL).</param>
    /// <param name="text">The value as text, or <see langword="null"/> for NULL.</param>
    /// <param name="problem">
    /// Why the value cannot be text: binary data (BLOB, bytea), which as text would be unreadable and as base64 would
    /// silently fill items and metadata with megabytes of noise; or a driver type with no text form.
    /// </param>
    /// <returns>False when the value has no text form; <paramref name="problem"/> then says what to do in the query.</returns>
    public static bool TryFormat(object? value, out string? text, [NotNullWhen(false)] out string? problem)
    {
        text = null;
        problem = null;
        switch (value)
        {
            case null or DBNull:
                return true;
            case byte[] bytes:
                problem = $"is binary data ({bytes.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes), not text; " +
                    "leave the column out of the query, or turn it into text there (e.g. hex(col) in SQLite, encode(col, 'base64') in PostgreSQL)";
                return false;
            case char c:
                text = c.ToString();
                return true;
            case Guid id:
                text = id.ToString("D");
                return true;
        }
        var formatted = ParquetValues.Format(value);
        if (formatted == value.GetType().ToString())
        {
            // Object.ToString(): the type has no text form of its own.
            problem = $"is a {value.GetType().Name} value, which has no text form; cast the column to text in the query";
            return false;
        }
        text = formatted;
        return true;
    }
}
