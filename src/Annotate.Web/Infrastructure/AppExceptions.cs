namespace Annotate.Web.Infrastructure;

/// <summary>The thing asked for does not exist, or the caller may not know that it exists.</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The caller is known and may see the thing, but may not do this with it.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>Input broke a rule; <see cref="Errors"/> names the field and the rule.</summary>
public sealed class InputException(string field, string message) : Exception(message)
{
    public IDictionary<string, string[]> Errors { get; } = new Dictionary<string, string[]> { [field] = [message] };
}

/// <summary>The request lost a race or no longer fits the current state (another tab answered first); reload and retry.</summary>
public sealed class ConflictException(string message) : Exception(message);
