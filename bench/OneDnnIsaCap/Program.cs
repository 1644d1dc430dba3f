// What does capping oneDNN at AVX2 cost, and is anything else in libtorch fooled by hidden cache sizes?
//
//   dotnet run -c Release --project bench/OneDnnIsaCap -- [IDX_FOLDER] [--rounds N] [--steps N] [--label NAME]
//
// Runs each arm in a process of its own, because oneDNN reads ONEDNN_MAX_CPU_ISA once per process:
//   - AVX2: ONEDNN_MAX_CPU_ISA=AVX2, the cap AutoDL applies on machines that hide their cache sizes;
//   - ALL: ONEDNN_MAX_CPU_ISA=ALL, no cap (AutoDL leaves a variable the user set alone).
// Each process reports the convolution self-check (every case's relative errors), the cache sizes ATen's own CPU
// detection reports (at::cpu::L1d_cache_size and L2_cache_size, from pytorch/cpuinfo), and the training rate of
// fit's default network and recipe (ResNet(3,1,16), batch 128, AdamW one-cycle, crop and flip) on Fashion-MNIST,
// one untimed pass and then --steps timed batches; the arms alternate for --rounds rounds.
// To see an affected machine on an unaffected AMD one, run it under bench/OneDnnIsaCap/empty-cache-leaf.sh.
// Writes bench/results/onednn-isa-cap[-LABEL].md and .json.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using AutoDL.Bench;
using AutoDL.Data;
using AutoDL.Data.Augmentation;
using AutoDL.Inference;
using AutoDL.Models;
using AutoDL.Runtime;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Training;

const string ChildFlag = "--child";
// A wrong kernel can give NaN or infinite errors, which plain JSON numbers cannot hold.
var json = new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
if (args.Length > 0 && args[0] == ChildFlag)
{
    Console.WriteLine(JsonSerializer.Serialize(MeasureThisProcess(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)), json));
    return 0;
}

string idx = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !IsOptionValue(a)) ?? "/usr/share/datasets/fashion-mnist";
int rounds = Option("--rounds", 3);
int steps = Option("--steps", 40);
string? label = OptionText("--label");
string[] arms = ["AVX2", "ALL"];
var decision = OneDnnIsaCap.State;
var runs = new List<ArmRun>();
for (int round = 1; round <= rounds; round++)
{
    foreach (var arm in arms)
    {
        var run = RunChild(arm);
        runs.Add(run);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} {OneDnnIsaCap.Variable}={arm}: {run.ImagesPerSecond:0} images/s, self-check {(run.SelfCheckPassed ? "passed" : "FAILED")} ({run.SelfCheckMilliseconds:0} ms), at::cpu L1d {run.L1dBytes} B, L2 {run.L2Bytes} B"));
    }
}

var machine = InferenceTuner.MachineDescription();
var date = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
var command = $"dotnet run -c Release --project bench/OneDnnIsaCap -- {string.Join(' ', args)}";
string preload = Environment.GetEnvironmentVariable("LD_PRELOAD") is { Length: > 0 } p ? $" Run with LD_PRELOAD={Path.GetFileName(p)}." : "";
var md = ResultsMarkdown.Start(
    "oneDNN's AVX2 cap: what it costs, and what it fixes",
    $"Machine: {machine} ({CpuFamily()}), no GPU. Date: {date}. Command: `{command}`.{preload}",
    $"AutoDL's decision here, with no {OneDnnIsaCap.Variable} set: **{decision}**.",
    string.Create(CultureInfo.InvariantCulture, $"Training: fit's default network and recipe, ResNet(3,1,16), batch 128, AdamW one-cycle, crop and flip, Fashion-MNIST in memory; {steps} timed batches per process after an untimed pass, {rounds} rounds, arms alternating."));
md.AppendLine("| arm | training images/s (best) | (median) | self-check | worst relative error | self-check time | at::cpu L1d / L2 |");
md.AppendLine("|---|---:|---:|---|---:|---:|---:|");
foreach (var arm in arms)
{
    var mine = runs.Where(r => r.Arm == arm).ToList();
    var rates = mine.Select(r => r.ImagesPerSecond).ToList();
    var last = mine[^1];
    string check = mine.All(r => r.SelfCheckPassed) ? "passed" : $"failed ({last.Cases.Count(c => !c.Passed)} of {last.Cases.Count} cases)";
    md.AppendLine(CultureInfo.InvariantCulture, $"| {OneDnnIsaCap.Variable}={arm} | {rates.Max():0} | {Median(rates):0} | {check} | {Worst(last.Cases)} | {Median(mine.Select(r => r.SelfCheckMilliseconds).ToList()):0} ms | {last.L1dBytes:N0} B / {last.L2Bytes:N0} B |");
}
double cap = runs.Where(r => r.Arm == "AVX2").Max(r => r.ImagesPerSecond), uncapped = runs.Where(r => r.Arm == "ALL").Max(r => r.ImagesPerSecond);
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"The cap trains at {cap / uncapped:0.00}× the uncapped rate (best rounds).");
md.AppendLine();
md.AppendLine("Self-check cases, last round of each arm (relative error of output / input gradient / weight gradient):");
md.AppendLine();
md.AppendLine("| convolution | layout | " + string.Join(" | ", arms.Select(a => $"{OneDnnIsaCap.Variable}={a}")) + " |");
md.AppendLine("|---|---|" + string.Concat(arms.Select(_ => "---|")));
var lastOfArm = arms.Select(a => runs.Last(r => r.Arm == a)).ToList();
for (int i = 0; i < lastOfArm[0].Cases.Count; i++)
{
    var c = lastOfArm[0].Cases[i];
    md.AppendLine($"| {c.Convolution} | {(c.ChannelsLast ? "channels-last" : "standard")} | " + string.Join(" | ", lastOfArm.Select(r => Errors(r.Cases[i]))) + " |");
}
string name = label is null ? "onednn-isa-cap" : $"onednn-isa-cap-{label}";
File.WriteAllText(Path.Combine(BenchPaths.Results, name + ".md"), md.ToString());
File.WriteAllText(Path.Combine(BenchPaths.Results, name + ".json"), JsonSerializer.Serialize(new { machine, cpu = CpuFamily(), date, command, preload, decision = decision.ToString(), steps, rounds, runs }, new JsonSerializerOptions(json) { WriteIndented = true }));
Console.Write(md);
return 0;

ArmRun RunChild(string arm)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    if (!Environment.ProcessPath!.EndsWith("OneDnnIsaCap", StringComparison.Ordinal))
    {
        start.ArgumentList.Add(typeof(ArmRun).Assembly.Location);
    }
    foreach (var a in new[] { ChildFlag, idx, steps.ToString(CultureInfo.InvariantCulture) })
    {
        start.ArgumentList.Add(a);
    }
    start.Environment[OneDnnIsaCap.Variable] = arm;
    // The uncapped arm may be wrong on an affected machine: measure its speed anyway, and report the check's cases.
    start.Environment[ConvolutionSelfCheck.SkipVariable] = "1";
    using var process = Process.Start(start)!;
    string output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"The {arm} arm exited with {process.ExitCode}.");
    }
    return JsonSerializer.Deserialize<ArmRun>(output.Trim().Split('\n')[^1], json)!;
}

static ArmRun MeasureThisProcess(string idx, int steps)
{
    TorchRuntime.Initialize();
    // Timed as the product runs it: the first libtorch work of the process after TorchRuntime's settings.
    var check = ConvolutionSelfCheck.Run();
    var data = DataImporter.Import(idx, new ImportOptions());
    var train = data.Train;
    var validation = train.Subset(Enumerable.Range(0, 256).ToArray());
    var stats = NormalizationStats.Compute(train);
    var model = new ResNetConfig(3, 1, 16, StemKind.Conv3);
    var recipe = new TrainingConfig(OptimizerKind.AdamW, 2e-2, 5e-4, 128, Epochs: 1, LearningRateSchedule.OneCycle, 0.1, new AugmentationConfig(2, true), EarlyStoppingPatience: 0);
    TrainerRate.Measure(model, recipe, train, validation, stats, steps);
    double rate = TrainerRate.Measure(model, recipe, train, validation, stats, steps);
    return new ArmRun(
        Environment.GetEnvironmentVariable(OneDnnIsaCap.Variable) ?? "",
        rate,
        check.Passed,
        check.Elapsed.TotalMilliseconds,
        check.Cases,
        AtenCacheSizes.L1d(),
        AtenCacheSizes.L2());
}

static string Errors(ConvolutionCheckCase c) => string.Create(CultureInfo.InvariantCulture, $"{E(c.OutputError)} / {E(c.InputGradientError)} / {E(c.WeightGradientError)}{(c.Passed ? "" : " **wrong**")}");

static string E(double v) => double.IsNaN(v) ? "NaN" : v.ToString("0.0e0", CultureInfo.InvariantCulture);

static string Worst(IReadOnlyList<ConvolutionCheckCase> cases) => cases.Any(c => double.IsNaN(c.WorstError)) ? "NaN" : E(cases.Max(c => c.WorstError));

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string CpuFamily()
{
    var lines = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").Take(30).ToList() : [];
    string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
    bool avx512 = lines.Any(l => l.StartsWith("flags", StringComparison.Ordinal) && l.Contains(" avx512f", StringComparison.Ordinal));
    return $"cpu family {Field("cpu family")} model {Field("model\t")}, {(avx512 ? "AVX-512" : "no AVX-512")}";
}

int Option(string name, int fallback) => OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

bool IsOptionValue(string a)
{
    int i = Array.IndexOf(args, a);
    return i > 0 && args[i - 1].StartsWith("--", StringComparison.Ordinal);
}

/// <summary>One arm's process: its cap, training rate, self-check and what ATen believes about the caches.</summary>
internal sealed record ArmRun(string Arm, double ImagesPerSecond, bool SelfCheckPassed, double SelfCheckMilliseconds, IReadOnlyList<ConvolutionCheckCase> Cases, uint L1dBytes, uint L2Bytes);

/// <summary>ATen's own view of the caches (aten/src/ATen/cpu/Utils.h), exported from libtorch_cpu under C++ names.</summary>
internal static partial class AtenCacheSizes
{
    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at3cpu14L1d_cache_sizeEv")]
    public static partial uint L1d();

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at3cpu13L2_cache_sizeEv")]
    public static partial uint L2();
}
