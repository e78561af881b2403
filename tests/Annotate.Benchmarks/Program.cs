using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Annotate.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Annotate.Benchmarks -- queue-load [seconds] [think-ms]
if (args.FirstOrDefault() == "queue-load")
{
    await Annotate.Benchmarks.QueueLoad.RunAsync(args);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
