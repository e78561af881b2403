using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Annotate.Benchmarks;

/// <summary>The entry point (a named class: the web app this project references has its own <c>Program</c>).</summary>
public static class BenchmarkProgram
{
    // dotnet run -c Release --project tests/Annotate.Benchmarks -- --filter '*'
    // dotnet run -c Release --project tests/Annotate.Benchmarks -- queue-load [seconds] [think-ms]
    // dotnet run -c Release --project tests/Annotate.Benchmarks -- import-stages [rows]
    public static async Task Main(string[] args)
    {
        if (args.FirstOrDefault() == "queue-load")
        {
            await QueueLoad.RunAsync(args);
            return;
        }
        if (args.FirstOrDefault() == "import-stages")
        {
            await ImportStages.RunAsync(args);
            return;
        }
        // The generated project rebuilds the web app; on a machine shared with other builds that outlasts the
        // default two minutes, and the run then ends with no result.
        var config = ManualConfig.Create(DefaultConfig.Instance);
        config.BuildTimeout = TimeSpan.FromMinutes(15);
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args, config);
    }
}
