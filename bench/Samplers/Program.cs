// Our samplers against Optuna's TPE on Branin and Hartmann-6: median simple regret (best-so-far − optimum)
// after 50 and 100 evaluations over 20 seeds. Run through run.sh, which runs Optuna first and passes its
// runs here:
//
//   dotnet run -c Release --project bench/Samplers -- OPTUNA_RUNS.json "MACHINE" "COMMAND"
//
// Writes bench/results/samplers.json and bench/results/samplers.md.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Bench.Samplers;
using AutoDL.Search.Samplers;
using AutoDL.Search.Samplers.Tpe;

if (args.Length > 0 && args[0] == "noise")
{
    return NoiseStudy.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "variants")
{
    return Variants.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "next")
{
    return NextProposal.Run(args[1..]);
}
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Samplers OPTUNA_RUNS.json MACHINE COMMAND (run bench/Samplers/run.sh)");
    return 2;
}
const int Seeds = 20;
const int Evaluations = 100;
int[] checkpoints = [50, 100];
TestFunction[] functions = [TestFunction.Branin, TestFunction.Hartmann6];
(string Name, ISampler Sampler)[] samplers =
[
    ("AutoDL RandomSampler", new RandomSampler()),
    ("AutoDL TpeSampler", new TpeSampler()),
    ("AutoDL TpeSampler, univariate (Optuna 3.1's default)", new TpeSampler(new TpeOptions { Multivariate = false })),
    ("AutoDL TpeSampler, exact kernel density (OmitKernelScale = false)", new TpeSampler(new TpeOptions { OmitKernelScale = false })),
];

var runs = new List<SamplerRun>();
foreach (var (name, sampler) in samplers)
{
    var clock = Stopwatch.StartNew();
    foreach (var function in functions)
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            runs.Add(Regret.Run(name, sampler, function, seed, Evaluations, checkpoints));
        }
    }
    Console.Error.WriteLine($"{name}: {clock.Elapsed.TotalSeconds:0.0} s");
}
var web = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
runs.AddRange(JsonSerializer.Deserialize<List<SamplerRun>>(File.ReadAllText(args[0]), web)!);

var rows = runs.Select(r => r.Sampler).Distinct().Select(sampler => new
{
    sampler,
    medianRegret = functions.ToDictionary(f => f.Name, f => checkpoints.ToDictionary(
        k => k.ToString(CultureInfo.InvariantCulture),
        k => Regret.Median(runs.Where(r => r.Sampler == sampler && r.Function == f.Name).Select(r => r.Regret[k.ToString(CultureInfo.InvariantCulture)])))),
}).ToList();

var table = new StringBuilder();
table.AppendLine("| sampler | Branin @50 | Branin @100 | Hartmann-6 @50 | Hartmann-6 @100 |");
table.AppendLine("| --- | ---: | ---: | ---: | ---: |");
foreach (var row in rows)
{
    var cells = functions.SelectMany(f => checkpoints.Select(k => row.medianRegret[f.Name][k.ToString(CultureInfo.InvariantCulture)].ToString("0.0000", CultureInfo.InvariantCulture)));
    table.AppendLine($"| {row.sampler} | {string.Join(" | ", cells)} |");
}
Console.Write(table);

string date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
Directory.CreateDirectory("bench/results");
File.WriteAllText("bench/results/samplers.json", JsonSerializer.Serialize(new
{
    benchmark = "samplers",
    date,
    machine = args[1],
    command = args[2],
    seeds = Seeds,
    evaluations = Evaluations,
    metric = "median over seeds of simple regret, best f so far minus the known optimum",
    results = rows,
    runs,
}, web));
File.WriteAllText("bench/results/samplers.md", $"""
    # Samplers: median simple regret over {Seeds} seeds (lower is better)

    Branin (optimum 0.397887) and Hartmann-6 (optimum −3.32237), {Evaluations} evaluations per run, regret =
    best f so far − optimum after 50 and 100 evaluations. Optuna runs with default TPESampler settings and
    seed = seed; ours see −f because our studies maximise. Ours models the parameters jointly by default
    (multivariate, with Optuna 5's neighbour-gap kernel widths, chosen on seeds 100–199 in
    bench/results/samplers-variants.md); the univariate row is the form Optuna 3.1 uses by default. Optuna before 3.5 scores kernels with a truncated
    normal log density that lacks −log σ (optuna/optuna#5109, fixed by #5110). Ours leaves it out too by
    default (TpeOptions.OmitKernelScale = true), deliberately: over 100 seeds it halves the regret of univariate
    TPE on both functions, and in multivariate TPE it is better on Branin and worse on Hartmann-6, a trade chosen
    in bench/results/samplers-variants.md (bench/results/samplers-100seeds.md). The "exact kernel density" row is
    ours with the term, the "with the 3.5 log-density fix" row the same Optuna with only that term restored.
    A 20-seed median is noisy: Optuna 3.1's Branin median over seeds 0–19 lies below the 90% interval of
    its 100-seed median, see samplers-100seeds.md for intervals and for how often one 20-seed median beats another.

    {table}
    - machine: {args[1]}
    - date: {date}
    - command: `{args[2]}`

    """);
Console.WriteLine("wrote bench/results/samplers.json and bench/results/samplers.md");
return 0;
