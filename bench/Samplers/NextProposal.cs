using System.Globalization;
using System.Text.Json;
using AutoDL.Search;
using AutoDL.Search.Samplers.Tpe;

namespace AutoDL.Bench.Samplers;

/// <summary>
/// The distribution of our TPE's next proposal after a fixed history (written by next_proposal.py from an
/// Optuna run), over many random streams, for both kernel-density variants; next_proposal.py compares it with
/// Optuna's on the same history.
/// </summary>
internal static class NextProposal
{
    /// <summary>Args: HISTORY.json DRAWS OUT.json.</summary>
    public static int Run(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: Samplers next HISTORY.json DRAWS OUT.json (run by bench/Samplers/next_proposal.py)");
            return 2;
        }
        using var document = JsonDocument.Parse(File.ReadAllText(args[0]));
        string functionName = document.RootElement.GetProperty("function").GetString()!;
        var function = new[] { TestFunction.Branin, TestFunction.Hartmann6 }.Single(f => f.Name == functionName);
        var history = document.RootElement.GetProperty("trials").EnumerateArray().Select((t, i) => new TrialRecord(
            i,
            t.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()),
            TrialState.Complete) { Value = -t.GetProperty("value").GetDouble() }).ToList();
        int draws = int.Parse(args[1], CultureInfo.InvariantCulture);
        var result = new Dictionary<string, double[][]>();
        foreach (bool omit in new[] { false, true })
        {
            var sampler = new TpeSampler(new TpeOptions { OmitKernelScale = omit, Multivariate = false });
            result[omit ? "ours_omit_scale" : "ours"] = [.. Enumerable.Range(0, draws).Select(d =>
            {
                var p = sampler.Propose(function.Space, history, new Random(d));
                return function.Space.Parameters.Select(q => p[q.Name]).ToArray();
            })];
        }
        File.WriteAllText(args[2], JsonSerializer.Serialize(result));
        return 0;
    }
}
