using System.Globalization;

namespace Annotate.Core.Export.Splits;

/// <summary>
/// The share of items each split gets. Validation or test may be 0 (a two-way split); train may not. The three
/// shares sum to 1.
/// </summary>
public sealed record SplitRatios
{
    /// <exception cref="ArgumentException">A share is negative or not finite, train is 0, or the shares do not sum to 1.</exception>
    public SplitRatios(double train, double validation, double test)
    {
        double[] shares = [train, validation, test];
        if (shares.Any(s => !double.IsFinite(s) || s < 0))
        {
            throw new ArgumentException($"Split ratios must be finite and not negative, not {Describe(shares)}.");
        }
        if (train <= 0)
        {
            throw new ArgumentException($"The train split needs a share above 0 ({Describe(shares)}).");
        }
        if (Math.Abs(train + validation + test - 1) > 1e-6)
        {
            throw new ArgumentException($"Split ratios must sum to 1, and {Describe(shares)} sum to {(train + validation + test).ToString("0.######", CultureInfo.InvariantCulture)}.");
        }
        Train = train;
        Validation = validation;
        Test = test;
    }

    /// <summary>80/10/10.</summary>
    public static SplitRatios Default { get; } = new(0.8, 0.1, 0.1);

    public double Train { get; }

    public double Validation { get; }

    public double Test { get; }

    /// <summary>The splits with a share above 0, in order.</summary>
    public IReadOnlyList<SplitName> Splits => [.. Enum.GetValues<SplitName>().Where(s => Of(s) > 0)];

    /// <summary>The share of <paramref name="split"/>.</summary>
    public double Of(SplitName split) => split switch
    {
        SplitName.Train => Train,
        SplitName.Validation => Validation,
        _ => Test,
    };

    /// <summary>
    /// "0.8,0.1,0.1" (train, validation, test), "0.8,0.2" (train, validation: no test split) or the same in percent
    /// ("80,10,10"). Invariant culture: the decimal separator is a dot.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not two or three numbers, or they are not valid ratios.</exception>
    public static SplitRatios Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3)
        {
            throw new ArgumentException($"Ratios are two or three numbers separated by commas (train,validation[,test]), not '{text}'.");
        }
        var values = new double[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new ArgumentException($"'{parts[i]}' in the ratios '{text}' is not a number.");
            }
        }
        var sum = values.Sum();
        if (sum > 1 + 1e-6 && Math.Abs(sum - 100) <= 1e-6)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] /= 100;
            }
        }
        return new SplitRatios(values[0], values[1], values[2]);
    }

    public override string ToString() => Describe([Train, Validation, Test]);

    private static string Describe(double[] shares) =>
        string.Join("/", shares.Select(s => s.ToString("0.######", CultureInfo.InvariantCulture)));
}
