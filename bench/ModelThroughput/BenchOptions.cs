using System.Globalization;

namespace AutoDL.Bench.ModelThroughput;

/// <summary>Command-line settings; the defaults are the ones the committed results used.</summary>
internal sealed record BenchOptions(int Rounds, int Batches, int Warmup, int Batch, int Threads, string Out)
{
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions(Rounds: 2, Batches: 20, Warmup: 3, Batch: 128, Threads: 2, Out: "bench/results/model-throughput.json");
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string v = args[i + 1];
            o = args[i] switch
            {
                "--rounds" => o with { Rounds = int.Parse(v, CultureInfo.InvariantCulture) },
                "--batches" => o with { Batches = int.Parse(v, CultureInfo.InvariantCulture) },
                "--warmup" => o with { Warmup = int.Parse(v, CultureInfo.InvariantCulture) },
                "--batch" => o with { Batch = int.Parse(v, CultureInfo.InvariantCulture) },
                "--threads" => o with { Threads = int.Parse(v, CultureInfo.InvariantCulture) },
                "--out" => o with { Out = v },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        return o;
    }
}
