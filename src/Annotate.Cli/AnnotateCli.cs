using System.CommandLine;

namespace Annotate.Cli;

/// <summary>
/// The headless <c>annotate</c> command: the same Core the web app uses, on files. Every command prints one JSON object
/// on stdout; invalid input exits with 2 and says why on stderr.
/// </summary>
public static class AnnotateCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int InvalidInput = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Annotate: clean, label and split datasets for fine-tuning, on the command line.")
        {
            CleanCommand.Create(output, error),
            AgreementCommand.Create(output, error),
            AggregateCommand.Create(output, error),
            LabelModelCommand.Create(output, error),
            SplitCommand.Create(output, error),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }
            return InvalidInput;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
