using Annotate.Cli;

return await AnnotateCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
