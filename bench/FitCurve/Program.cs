// Fashion-MNIST under fixed budgets (issue 6): test accuracy, the any-time curve, ALC, peak memory and CPU time.
//
//   dotnet build src/AutoDL.Cli -c Release
//   dotnet run -c Release --project bench/FitCurve -- NAME DATA --budgets 5m,10m,30m --seeds 1,2,3
//
// Each run is `autodl fit DATA --time-limit BUDGET --seed SEED` (the Release CLI) in its own process, watched from
// outside: every 250 ms the harness reads the child's resident memory and CPU time from /proc (and notes the
// resident memory when the fit announces a trial, to show whether memory stays flat across trials) and copies
// OUTPUT/model.adlpk whenever the fit rewrites it (it does at every new best epoch). After the run each copy is
// scored on DATA's test split, giving the test accuracy of the model a user would have had at each moment: the
// best-so-far curve. ALC is the area under that step curve on the ChaLearn AutoDL time axis,
// x(t) = log(1 + t/t0) / log(1 + T/t0) with t0 = 60 s and T = the budget, counting 0 before the first model.
// Writes bench/results/fit-curve-NAME.json (every run, with its curve and memory trace) and .md (a table, with the
// median over seeds per budget), rewritten after each run so a long series keeps what it has measured.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Bench;
using AutoDL.Inference;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Inference;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: NAME DATA [--budgets 5m,10m,30m] [--seeds 1,2,3]");
    return 2;
}
string name = args[0], data = Path.GetFullPath(args[1]);
var budgets = Option("--budgets", "5m,10m,30m").Split(',');
var seeds = Option("--seeds", "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var root = BenchPaths.RepositoryRoot();
var cli = Path.Combine(root, "src", "AutoDL.Cli", "bin", "Release", "net10.0", "AutoDL.Cli.dll");
if (!File.Exists(cli))
{
    Console.Error.WriteLine($"Build the CLI first: dotnet build src/AutoDL.Cli -c Release ({cli} is missing).");
    return 2;
}
var commit = Git("rev-parse --short HEAD");
var machine = InferenceTuner.MachineDescription();
var runs = new List<RunResult>();
ImageDataset? test = null;
foreach (var budget in budgets)
{
    foreach (int seed in seeds)
    {
        var run = Run(budget, seed);
        runs.Add(run);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{budget} seed {seed}: test accuracy {run.TestAccuracy:0.0000}, at 3 min {run.AccuracyAt180s:0.0000}, ALC {run.Alc:0.0000}, peak RSS {run.PeakRssMiB:0} MiB, CPU {run.CpuSeconds:0} s, wall {run.WallSeconds:0} s"));
        Write();
    }
}
return 0;

RunResult Run(string budget, int seed)
{
    double limit = ParseBudget(budget);
    var output = Path.Combine(Path.GetTempPath(), "autodl-fit-curve", $"{name}-{budget}-{seed}");
    if (Directory.Exists(output))
    {
        Directory.Delete(output, recursive: true);
    }
    var snapshots = Path.Combine(output + "-snapshots");
    Directory.CreateDirectory(snapshots);
    var start = new ProcessStartInfo("dotnet", [cli, "fit", data, "--time-limit", budget, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--output", output])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var log = new StringBuilder();
    int trialsStarted = 0, trialsMeasured = 0;
    process.OutputDataReceived += (_, e) =>
    {
        lock (log)
        {
            log.AppendLine(e.Data);
        }
        if (e.Data?.Contains("] trial ", StringComparison.Ordinal) == true && Patterns.TrialStart().IsMatch(e.Data))
        {
            Interlocked.Increment(ref trialsStarted);
        }
    };
    process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    var package = Path.Combine(output, ModelPackage.FileName);
    var copies = new List<(double Seconds, string Path)>();
    var memory = new List<(double Seconds, double RssMiB)>();
    var rssAtTrialStarts = new List<double>();
    DateTime lastWrite = default;
    double peakRss = 0, cpu = 0, lastTrace = -10;
    while (!process.WaitForExit(250))
    {
        double now = clock.Elapsed.TotalSeconds;
        if (ReadStatus(process.Id) is { } status)
        {
            peakRss = Math.Max(peakRss, status.HighWaterMiB);
            cpu = status.CpuSeconds;
            // Resident memory as each trial starts: flat when nothing a finished trial held is left behind.
            for (; trialsMeasured < Volatile.Read(ref trialsStarted); trialsMeasured++)
            {
                rssAtTrialStarts.Add(Math.Round(status.RssMiB));
            }
            if (now - lastTrace >= 5)
            {
                memory.Add((Math.Round(now, 1), Math.Round(status.RssMiB)));
                lastTrace = now;
            }
        }
        try
        {
            var written = File.GetLastWriteTimeUtc(package);
            if (File.Exists(package) && written != lastWrite)
            {
                var copy = Path.Combine(snapshots, string.Create(CultureInfo.InvariantCulture, $"{now:00000.0}.adlpk"));
                File.Copy(package, copy, overwrite: true);
                copies.Add((now, copy));
                lastWrite = written;
            }
        }
        catch (IOException)
        {
            // The fit replaced the package while it was being copied; the next poll takes the new one.
        }
    }
    double wall = clock.Elapsed.TotalSeconds;
    File.WriteAllText(output + ".log", log.ToString());
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"fit exited with {process.ExitCode}; see {output}.log");
    }
    copies.Add((wall, package));
    test ??= Test(package);
    var curve = new List<CurvePoint>();
    double best = 0;
    foreach (var (seconds, path) in copies)
    {
        using var predictor = Predictor.Load(path, new PredictorOptions { Backend = InferenceBackend.Onnx });
        double accuracy = predictor.Evaluate(test).Accuracy;
        curve.Add(new CurvePoint(Math.Round(seconds, 1), accuracy));
        best = accuracy;
    }
    double at180 = curve.Where(p => p.Seconds <= 180).Select(p => p.TestAccuracy).LastOrDefault();
    var (parts, bestTrialAlone) = FinalModelParts(package, test);
    var board = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "leaderboard.json")));
    int trials = board.RootElement.GetProperty("rows").GetArrayLength();
    Directory.Delete(snapshots, recursive: true);
    return new RunResult(budget, seed, Math.Round(wall, 1), best, at180, Alc(curve, limit), Math.Round(peakRss), Math.Round(cpu, 1), trials, curve, memory.Select(m => new MemoryPoint(m.Seconds, m.RssMiB)).ToList())
    {
        FinalModel = parts,
        TestAccuracyBestTrialAlone = bestTrialAlone,
        RssAtTrialStartsMiB = rssAtTrialStarts,
    };
}

// The final model's parts (an ensemble of trials, mirrored images) and the test accuracy of its best trial's network
// alone (null when that is the final model): what the ensemble and test-time flip add.
static (string Parts, double? BestTrialAlone) FinalModelParts(string package, ImageDataset test)
{
    var contents = ModelPackage.ReadContents(package);
    var manifest = contents.Manifest;
    var trials = new[] { manifest.SearchTrial }.Concat(manifest.Ensemble.Select(m => m.SearchTrial));
    string parts = string.Join(" + ", trials.Select(t => $"trial {t}")) + (manifest.TestTimeFlip ? ", flip" : "");
    if (!manifest.TestTimeFlip && manifest.Ensemble.Count == 0)
    {
        return (parts, null);
    }
    var alone = Path.Combine(Path.GetTempPath(), $"autodl-fit-curve-{Guid.NewGuid():N}.adlpk");
    try
    {
        ModelPackage.Write(alone, manifest with { TestTimeFlip = false, Ensemble = [] }, contents.Weights);
        using var predictor = Predictor.Load(alone, new PredictorOptions { Backend = InferenceBackend.Torch });
        return (parts, predictor.Evaluate(test).Accuracy);
    }
    finally
    {
        File.Delete(alone);
    }
}

ImageDataset Test(string package)
{
    var manifest = ModelPackage.Read(package).Manifest;
    return DataImporter.Import(data, new ImportOptions { TargetShape = manifest.Input, ClassNames = manifest.ClassNames }).Test
        ?? throw new InvalidOperationException($"{data} has no test split to score the curve on.");
}

static double Alc(List<CurvePoint> curve, double budget)
{
    const double T0 = 60;
    double X(double t) => Math.Log(1 + Math.Min(t, budget) / T0) / Math.Log(1 + budget / T0);
    double area = 0;
    for (int i = 0; i < curve.Count; i++)
    {
        double from = X(curve[i].Seconds), to = i + 1 < curve.Count ? X(curve[i + 1].Seconds) : 1;
        area += curve[i].TestAccuracy * Math.Max(0, to - from);
    }
    return area;
}

static (double RssMiB, double HighWaterMiB, double CpuSeconds)? ReadStatus(int pid)
{
    try
    {
        double rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) / 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line) / 1024;
            }
        }
        // Fields 14 and 15 of /proc/PID/stat (after the command in parentheses) are user and system time in ticks.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
        return (rss, hwm, ticks / 100);
    }
    catch (IOException)
    {
        return null;
    }
}

static double Kilobytes(string line) => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

static double ParseBudget(string text) => text[^1] switch
{
    'm' => double.Parse(text[..^1], CultureInfo.InvariantCulture) * 60,
    's' => double.Parse(text[..^1], CultureInfo.InvariantCulture),
    'h' => double.Parse(text[..^1], CultureInfo.InvariantCulture) * 3600,
    _ => throw new ArgumentException($"Budget '{text}' must end in s, m or h."),
};

void Write()
{
    var date = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
    var command = $"dotnet run -c Release --project bench/FitCurve -- {string.Join(' ', args)}";
    File.WriteAllText(Path.Combine(BenchPaths.Results, $"fit-curve-{name}.json"), JsonSerializer.Serialize(new { machine, date, commit, command, runs }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
    var md = new StringBuilder();
    md.AppendLine(CultureInfo.InvariantCulture, $"# `autodl fit` under fixed budgets: {name}");
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine}, no GPU. Date: {date}. Commit: {commit}. Command: `{command}`.");
    md.AppendLine("- Each run: `autodl fit DATA --time-limit BUDGET --seed SEED` (Release CLI) in its own process. \"At 3 min\" is the test accuracy of the model on disk 180 s after the start; ALC is the area under the test-accuracy step curve on the ChaLearn AutoDL time axis (t0 = 60 s, T = the budget). Peak RSS and CPU time are the fit process's, read from /proc every 250 ms; \"RSS at trial starts\" is its resident memory when each trial begins.");
    md.AppendLine("- \"Final model\" names its parts: the best trial, the runner-up it is averaged with (fit does so when the average scores better on validation) and test-time flip (likewise). \"Best trial alone\" scores the best trial's network without them.");
    md.AppendLine();
    md.AppendLine("| budget | seed | test accuracy | final model | best trial alone | at 3 min | ALC | peak RSS MiB | RSS at trial starts MiB | CPU s | wall s | trials |");
    md.AppendLine("|---|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|");
    foreach (var r in runs)
    {
        string alone = r.TestAccuracyBestTrialAlone is { } plain ? plain.ToString("0.0000", CultureInfo.InvariantCulture) : "same";
        md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Budget} | {r.Seed} | {r.TestAccuracy:0.0000} | {r.FinalModel} | {alone} | {r.AccuracyAt180s:0.0000} | {r.Alc:0.0000} | {r.PeakRssMiB:0} | {string.Join(", ", r.RssAtTrialStartsMiB)} | {r.CpuSeconds:0} | {r.WallSeconds:0} | {r.Trials} |");
    }
    md.AppendLine();
    md.AppendLine("| budget | runs | median test accuracy | median at 3 min | median ALC | largest peak RSS MiB |");
    md.AppendLine("|---|---:|---:|---:|---:|---:|");
    foreach (var group in runs.GroupBy(r => r.Budget))
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | {group.Count()} | {Median(group.Select(r => r.TestAccuracy)):0.0000} | {Median(group.Select(r => r.AccuracyAt180s)):0.0000} | {Median(group.Select(r => r.Alc)):0.0000} | {group.Max(r => r.PeakRssMiB):0} |");
    }
    File.WriteAllText(Path.Combine(BenchPaths.Results, $"fit-curve-{name}.md"), md.ToString());
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

string Option(string option, string fallback)
{
    int at = Array.IndexOf(args, option);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

string Git(string arguments)
{
    try
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, WorkingDirectory = root })!;
        string text = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return text;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "unknown";
    }
}

internal sealed record CurvePoint(double Seconds, double TestAccuracy);

internal sealed record MemoryPoint(double Seconds, double RssMiB);

internal sealed record RunResult(string Budget, int Seed, double WallSeconds, double TestAccuracy, double AccuracyAt180s, double Alc, double PeakRssMiB, double CpuSeconds, int Trials, List<CurvePoint> Curve, List<MemoryPoint> Memory)
{
    public string FinalModel { get; init; } = "";

    public double? TestAccuracyBestTrialAlone { get; init; }

    public List<double> RssAtTrialStartsMiB { get; init; } = [];
}

internal static partial class Patterns
{
    /// <summary>fit's line announcing a trial: "[0:05 left 9:54] trial 3: family=…".</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\] trial \d+: ")]
    public static partial System.Text.RegularExpressions.Regex TrialStart();
}
