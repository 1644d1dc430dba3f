using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Search.Samplers;
using AutoDL.Search.Samplers.Tpe;

namespace AutoDL.Bench.Samplers;

/// <summary>
/// How much of a 20-seed gap is noise: every sampler over many seeds (100 in the committed study), each median
/// regret with a bootstrap 90% interval, and the interval of its difference from Optuna 3.1's median. Seeds are
/// not paired across samplers (each has its own random stream), so the resamples are independent.
/// </summary>
internal static class NoiseStudy
{
    private const int Evaluations = 100;
    private const int Resamples = 10_000;
    private static readonly int[] Checkpoints = [50, 100];

    /// <summary>Args: SEEDS OPTUNA_RUNS.json MACHINE COMMAND; writes bench/results/samplers-100seeds.md when SEEDS is 100.</summary>
    public static int Run(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: Samplers noise SEEDS OPTUNA_RUNS.json MACHINE COMMAND (run bench/Samplers/noise.sh)");
            return 2;
        }
        int seeds = int.Parse(args[0], CultureInfo.InvariantCulture);
        TestFunction[] functions = [TestFunction.Branin, TestFunction.Hartmann6];
        (string Name, ISampler Sampler)[] samplers =
        [
            ("AutoDL RandomSampler", new RandomSampler()),
            (Label(false), new TpeSampler(new TpeOptions { OmitKernelScale = false })),
            (Label(true), new TpeSampler(new TpeOptions { OmitKernelScale = true })),
            ("AutoDL TpeSampler, univariate (Optuna 3.1's default)", new TpeSampler(new TpeOptions { Multivariate = false })),
        ];
        var runs = new List<SamplerRun>();
        foreach (var (name, sampler) in samplers)
        {
            foreach (var function in functions)
            {
                for (int seed = 0; seed < seeds; seed++)
                {
                    runs.Add(Regret.Run(name, sampler, function, seed, Evaluations, Checkpoints));
                }
            }
            Console.Error.WriteLine($"{name}: done");
        }
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        runs.AddRange(JsonSerializer.Deserialize<List<SamplerRun>>(File.ReadAllText(args[1]), web)!);

        string reference = runs.Select(r => r.Sampler).First(s => s.StartsWith("Optuna", StringComparison.Ordinal));
        var names = runs.Select(r => r.Sampler).Distinct().ToList();
        var report = new StringBuilder();
        foreach (int k in Checkpoints)
        {
            string key = k.ToString(CultureInfo.InvariantCulture);
            report.AppendLine(CultureInfo.InvariantCulture, $"### After {k} evaluations");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"| sampler | Branin median [90% CI] | Branin Δ vs {reference} [90% CI] | Hartmann-6 median [90% CI] | Hartmann-6 Δ [90% CI] |");
            report.AppendLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (string name in names)
            {
                var cells = new List<string>();
                foreach (var function in functions)
                {
                    double[] Values(string s) => [.. runs.Where(r => r.Sampler == s && r.Function == function.Name).Select(r => r.Regret[key])];
                    var mine = Values(name);
                    var theirs = Values(reference);
                    var random = new Random(k * 7919 + function.Name.Length);
                    var (lo, hi) = Interval(Bootstrap(mine, theirs: null, random));
                    cells.Add(F($"{Regret.Median(mine):0.0000} [{lo:0.0000}, {hi:0.0000}]"));
                    if (name == reference)
                    {
                        cells.Add("—");
                    }
                    else
                    {
                        var (dlo, dhi) = Interval(Bootstrap(mine, theirs, random));
                        cells.Add(F($"{Regret.Median(mine) - Regret.Median(theirs):+0.0000;−0.0000} [{dlo:+0.0000;−0.0000}, {dhi:+0.0000;−0.0000}]"));
                    }
                }
                report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", cells)} |");
            }
            report.AppendLine();
        }
        // The acceptance compares 20-seed medians. How often does a 20-seed median of a sampler come out at or
        // below a 20-seed median of Optuna 3.1, each drawn without replacement from the seeds here?
        report.AppendLine(CultureInfo.InvariantCulture, $"### Chance that a 20-seed median at 100 evaluations is ≤ {reference}'s 20-seed median");
        report.AppendLine();
        report.AppendLine("| sampler | Branin | Hartmann-6 | both |");
        report.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (string name in names.Where(n => n != reference))
        {
            var draw = new Random(20);
            int branin = 0, hartmann = 0, both = 0;
            for (int r = 0; r < Resamples; r++)
            {
                bool[] wins = [.. functions.Select(function =>
                {
                    double[] Values(string s) => [.. runs.Where(x => x.Sampler == s && x.Function == function.Name).Select(x => x.Regret["100"])];
                    return Regret.Median(Subsample(Values(name), 20, draw)) <= Regret.Median(Subsample(Values(reference), 20, draw));
                })];
                branin += wins[0] ? 1 : 0;
                hartmann += wins[1] ? 1 : 0;
                both += wins[0] && wins[1] ? 1 : 0;
            }
            report.AppendLine(F($"| {name} | {(double)branin / Resamples:0.00} | {(double)hartmann / Resamples:0.00} | {(double)both / Resamples:0.00} |"));
        }
        report.AppendLine();
        string table = report.ToString();
        Console.Write(table);
        if (seeds == 100)
        {
            string date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            File.WriteAllText("bench/results/samplers-100seeds.md", $"""
                # Samplers over {seeds} seeds: is the 20-seed gap to Optuna noise?

                Same functions, ranges, budget ({Evaluations} evaluations) and regret as bench/results/samplers.md, but
                {seeds} seeds (0–{seeds - 1}) per sampler. Each cell: median simple regret, with a percentile bootstrap 90%
                interval ({Resamples:N0} resamples of the seeds); Δ is the median minus {reference}'s, its interval from
                resampling both sides independently (seeds are not paired: each sampler has its own random stream). An
                interval for Δ that contains 0 means the {seeds} seeds cannot tell the two apart.

                OmitKernelScale = true scores continuous kernels without −log σ, as Optuna before 3.5 did
                (optuna/optuna#5109, fixed by #5110); the row marked (default) is what `new TpeSampler()` does.

                {table}
                - machine: {args[2]}
                - date: {date}
                - command: `{args[3]}`

                """);
            Console.WriteLine("wrote bench/results/samplers-100seeds.md");
        }
        return 0;
    }

    private static string Label(bool omit) =>
        $"AutoDL TpeSampler, OmitKernelScale = {(omit ? "true" : "false")}{(new TpeOptions().OmitKernelScale == omit ? " (default)" : "")}";

    internal static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Bootstrap medians of <paramref name="mine"/>, or of its median minus <paramref name="theirs"/>'s when given.</summary>
    internal static double[] Bootstrap(double[] mine, double[]? theirs, Random random)
    {
        var result = new double[Resamples];
        var a = new double[mine.Length];
        var b = new double[theirs?.Length ?? 0];
        for (int r = 0; r < Resamples; r++)
        {
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = mine[random.Next(mine.Length)];
            }
            result[r] = Regret.Median(a);
            if (theirs is not null)
            {
                for (int i = 0; i < b.Length; i++)
                {
                    b[i] = theirs[random.Next(theirs.Length)];
                }
                result[r] -= Regret.Median(b);
            }
        }
        return result;
    }

    private static double[] Subsample(double[] values, int count, Random random)
    {
        var copy = (double[])values.Clone();
        for (int i = 0; i < count; i++)
        {
            int j = random.Next(i, copy.Length);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return copy[..count];
    }

    internal static (double Low, double High) Interval(double[] samples)
    {
        Array.Sort(samples);
        return (samples[(int)(0.05 * (samples.Length - 1))], samples[(int)Math.Ceiling(0.95 * (samples.Length - 1))]);
    }
}
