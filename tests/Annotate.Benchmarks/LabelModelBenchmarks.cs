using Annotate.Core.Tests.WeakSupervision;
using Annotate.Core.WeakSupervision;
using BenchmarkDotNet.Attributes;

namespace Annotate.Benchmarks;

/// <summary>
/// Fit + predict of each label model on 1,000,000 items × 50 LFs (issue 6 goal: under 1 s each on one core), drawn
/// from the Dawid–Skene model: LF accuracies 0.55–0.95, coverages 0.02–0.20 (5.5 votes per item, 5.5 M votes), a
/// skewed class prior. The ceiling is one pass that only reads the matrix (the sum of its votes).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LabelModelBenchmarks
{
    private LabelMatrix matrix = null!;

    [Params(2, 5)]
    public int Classes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        double[] prior = Classes == 2 ? [0.3, 0.7] : [0.1, 0.15, 0.2, 0.25, 0.3];
        matrix = SyntheticVotes.Generate(1_000_000, prior, SyntheticVotes.Spread(50, 0.55, 0.95), SyntheticVotes.Spread(50, 0.02, 0.2), seed: 42).Matrix;
    }

    [Benchmark(Baseline = true, Description = "ceiling: read every vote once (sum)")]
    public long SumOfVotes()
    {
        long sum = 0;
        for (var i = 0; i < matrix.ItemCount; i++)
        {
            foreach (var cell in matrix.VotesOf(i))
            {
                sum += cell;
            }
        }
        return sum;
    }

    [Benchmark(Description = "majority vote: fit + predict")]
    public LabelPredictions MajorityVote() => MajorityVoteModel.Fit(matrix).Predict(matrix);

    [Benchmark(Description = "Dawid–Skene: fit + predict")]
    public LabelPredictions DawidSkene() => DawidSkeneModel.Fit(matrix).Predict(matrix);

    [Benchmark(Description = "matrix completion (Snorkel): fit + predict")]
    public LabelPredictions MatrixCompletion() => MatrixCompletionModel.Fit(matrix).Predict(matrix);
}
