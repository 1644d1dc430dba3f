using System.Globalization;
using AutoDL.Search;
using AutoDL.Search.Samplers;

namespace AutoDL.Bench.Samplers;

/// <summary>What both the acceptance run and the noise study measure: simple regret of one sampler on one function and seed.</summary>
internal static class Regret
{
    /// <summary>Runs <paramref name="evaluations"/> proposals (the study maximises, so the sampler sees −f) and returns the regret at each checkpoint.</summary>
    public static SamplerRun Run(string name, ISampler sampler, TestFunction function, int seed, int evaluations, IReadOnlyList<int> checkpoints)
    {
        var random = new Random(seed);
        var history = new List<TrialRecord>();
        var best = new List<double>();
        for (int i = 0; i < evaluations; i++)
        {
            var p = sampler.Propose(function.Space, history, random);
            double f = function.Evaluate(p);
            history.Add(new TrialRecord(i, p, TrialState.Complete) { Value = -f });
            best.Add(Math.Min(f, i == 0 ? f : best[^1]));
        }
        return new SamplerRun(name, function.Name, seed, checkpoints.ToDictionary(k => k.ToString(CultureInfo.InvariantCulture), k => best[k - 1] - function.Optimum));
    }

    /// <summary>The median, averaging the middle two of an even count.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
