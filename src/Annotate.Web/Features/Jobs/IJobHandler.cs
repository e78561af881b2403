namespace Annotate.Web.Features.Jobs;

/// <summary>Runs one kind of background job. Handlers are registered in DI and picked by <see cref="Kind"/>.</summary>
public interface IJobHandler
{
    /// <summary>The stored kind, e.g. <c>statistics.recount</c>. Never rename one: stored jobs refer to it.</summary>
    string Kind { get; }

    /// <summary>What the Jobs page calls it.</summary>
    string Title { get; }

    /// <summary>
    /// Does the work, reporting through <paramref name="context"/>. Returns a short summary for the job's message.
    /// Throw <see cref="JobFailedException"/> with a message a user can act on; honour the token.
    /// </summary>
    Task<string> RunAsync(JobContext context, CancellationToken cancellationToken);
}

/// <summary>A job failed for a reason the user should read (bad input, missing data), not a bug.</summary>
public sealed class JobFailedException(string message) : Exception(message);
