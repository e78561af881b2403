namespace Annotate.Core.Cleaning;

/// <summary>Kinds of personal data that <see cref="PiiDetector"/> finds; flags, so an item can carry several.</summary>
[Flags]
public enum PiiKind
{
    None = 0,
    Email = 1,
    Phone = 2,
    CreditCard = 4,
    Iban = 8,
    IpV4 = 16,
    IpV6 = 32,
}
