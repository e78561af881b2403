using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Annotate.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
