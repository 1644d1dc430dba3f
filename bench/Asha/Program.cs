// What asynchronous successive halving saves on a real image task: the same random configurations, in the
// same order and with the same seeds, trained (1) every one to its last epoch and (2) under ASHA in a real
// study. Training is deterministic per seed, so the full arm's learning curves also replay other schedulers
// exactly; the replay of ASHA is checked against the real ASHA run.
//
//   dotnet run -c Release --project bench/Asha -- [DATA=/usr/share/datasets/fashion-mnist] [CONFIGS=10] [EPOCHS=9] [TRAIN=2000]
//   dotnet run -c Release --project bench/Asha -- --replay bench/results/asha.json [--real-hyperband]
//
// Writes bench/results/asha.json and prints a markdown table. --replay recomputes the scheduler rows from a
// committed run's curves without training again (only a newly picked configuration is retrained for its test
// accuracy). Replayed rows estimate wall time as each trial's measured seconds per epoch × epochs it trained.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AutoDL.Data;
using AutoDL.Search;
using AutoDL.Search.Samplers;
using AutoDL.Search.Schedulers;
using AutoDL.Search.Storage;
using AutoDL.Tasks.ImageClassification;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;

bool realHyperband = args.Contains("--real-hyperband");
JsonElement? earlier = args.Length >= 2 && args[0] == "--replay" ? JsonDocument.Parse(File.ReadAllText(args[1])).RootElement : null;
string dataPath = earlier?.GetProperty("data").GetProperty("path").GetString() ?? (args.Length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
int configs = earlier?.GetProperty("configs").GetInt32() ?? (args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10);
int epochs = earlier?.GetProperty("epochs").GetInt32() ?? (args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 9);
int trainCount = earlier?.GetProperty("data").GetProperty("train").GetInt32() ?? (args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2000);

var data = DataImporter.Import(dataPath, new ImportOptions { CacheDirectory = Path.Combine(Path.GetTempPath(), "autodl-asha-cache") });
var test = data.Test ?? throw new InvalidOperationException("The benchmark needs a test split (Fashion-MNIST's t10k files).");
var (_, pool) = StratifiedSplitter.Split(data.Train, (trainCount * 1.2) / data.Train.Count, seed: 1);
var (train, validation) = StratifiedSplitter.Split(pool, 1 / 6.0, seed: 2);
var stats = NormalizationStats.Compute(train);
Console.WriteLine($"{train.Count} train / {validation.Count} validation / {test.Count} test images, {configs} random configurations × {epochs} epochs");

var space = ImageClassificationSearchSpace.Space;
var random = new Random(7);
var sampler = new RandomSampler();
// MobileNetV2 is left out: on this CPU it trains five to eight times slower per multiply-add than the other
// families (bench/results/model-throughput.md), and one of them would take longer than the rest of the full arm.
var points = new List<IReadOnlyDictionary<string, double>>();
while (points.Count < configs)
{
    var point = sampler.Propose(space, [], random);
    if (space["family"].Distribution.Format(point["family"]) != "mobilenetv2")
    {
        points.Add(ImageClassificationSearchSpace.WithEpochs(point, epochs));
    }
}

// Arm 1: every configuration trained fully. Arm 2: the same configurations under ASHA, in a real study.
var (full, fullSeconds) = earlier is { } run ? LoadFull(run) : TrainFull();
var ashaRow = earlier is { } again ? LoadRow(again, 1) : RunStudy("ASHA, η=3 (real study)", new SuccessiveHalvingScheduler());
// Replays from the full curves (exact, since training is deterministic per seed).
var replays = new (string Name, IScheduler Scheduler)[]
{
    ("ASHA (replay)", new SuccessiveHalvingScheduler()),
    ("Hyperband, η=3, brackets from 1 epoch (replay)", new HyperbandScheduler(MinResource: 1, MaxResource: epochs)),
    ("median rule (replay)", new MedianScheduler()),
};
var rows = new List<Row>
{
    Summarise("train every trial fully", full.Select(c => (c.Number, (IReadOnlyList<double>)c.Values)).ToList(), fullSeconds),
    ashaRow,
};
foreach (var (name, scheduler) in replays)
{
    var replayed = Replay(full, scheduler);
    rows.Add(Summarise(name, replayed, seconds: null) with { EstimatedSeconds = replayed.Sum(t => full[t.Number].Seconds * t.Values.Count / epochs) });
}
bool replayMatches = rows[2].EpochsTrained == rows[1].EpochsTrained && rows[2].BestTrial == rows[1].BestTrial;
if (realHyperband)
{
    // A real Hyperband study, to check its replay as the ASHA one is checked.
    rows.Add(RunStudy("Hyperband, η=3 (real study)", new HyperbandScheduler(MinResource: 1, MaxResource: epochs)));
    replayMatches &= rows[^1].EpochsTrained == rows[3].EpochsTrained && rows[^1].BestTrial == rows[3].BestTrial;
}

// Test accuracy of each arm's pick: retrain the picked configuration with the test split as its evaluation set
// (same seed, so the same weights) and read the epoch the validation metric chose.
var testCache = new Dictionary<(int, int), double>();
if (earlier is { } cached)
{
    foreach (var row in cached.GetProperty("rows").EnumerateArray())
    {
        testCache[(row.GetProperty("BestTrial").GetInt32(), row.GetProperty("BestEpoch").GetInt32())] = row.GetProperty("TestAccuracy").GetDouble();
    }
}
foreach (var row in rows)
{
    var key = (row.BestTrial, row.BestEpoch);
    if (!testCache.TryGetValue(key, out double accuracy))
    {
        var history = new List<double>();
        new Trainer().Train(Request(points[row.BestTrial], row.BestTrial, test) with { OnEpoch = o => { history.Add(o.Report.ValidationScore); return history.Count < row.BestEpoch; } });
        testCache[key] = accuracy = history[row.BestEpoch - 1];
    }
    row.TestAccuracy = accuracy;
}

int fullEpochs = rows[0].EpochsTrained;
Console.WriteLine();
Console.WriteLine("| arm | epochs trained | share of full | wall time | best validation | picked trial (epoch) | its test accuracy |");
Console.WriteLine("|---|---:|---:|---:|---:|---|---:|");
foreach (var r in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Name} | {r.EpochsTrained} | {r.EpochsTrained / (double)fullEpochs:P0} | {(r.Seconds is { } s ? $"{s:0} s" : r.EstimatedSeconds is { } e ? $"≈ {e:0} s" : "–")} | {r.BestValidation:0.0000} | {r.BestTrial} ({r.BestEpoch}) | {r.TestAccuracy:0.0000} |"));
}
Console.WriteLine($"replay of ASHA matches the real study: {replayMatches}");

Directory.CreateDirectory("bench/results");
File.WriteAllText("bench/results/asha.json", JsonSerializer.Serialize(new
{
    benchmark = "asha",
    date = DateTimeOffset.UtcNow,
    machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription },
    command = earlier?.GetProperty("command").GetString() ?? "dotnet run -c Release --project bench/Asha -- " + string.Join(' ', args),
    replayedWith = earlier is null ? null : "dotnet run -c Release --project bench/Asha -- " + string.Join(' ', args),
    data = new { path = dataPath, train = train.Count, validation = validation.Count, test = test.Count },
    configs,
    epochs,
    replayMatches,
    rows,
    trials = points.Select((p, i) => new { trial = i, config = space.Describe(p), curve = full[i].Values, seconds = full[i].Seconds }),
}, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine("wrote bench/results/asha.json");
return 0;

(List<Curve> Curves, double Seconds) TrainFull()
{
    var curves = new List<Curve>();
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < points.Count; i++)
    {
        var curve = new Curve(i, []);
        var result = new Trainer().Train(Request(points[i], i, validation) with { OnEpoch = o => { curve.Values.Add(o.Report.ValidationScore); return true; } });
        curve.Seconds = result.Seconds;
        curves.Add(curve);
        Console.WriteLine($"full  trial {i}: best {result.BestValidationScore:0.0000} in {result.Seconds:0}s — {space.Describe(points[i])}");
    }
    return (curves, clock.Elapsed.TotalSeconds);
}

Row RunStudy(string name, IScheduler scheduler)
{
    using var store = new InMemoryStudyStore();
    var study = new Study(space, sampler, scheduler, store, MetricDirection.Maximize, seed: 1);
    var clock = Stopwatch.StartNew();
    study.Optimize(new CurveRunner((t, report) => new Trainer().Train(Request(t.Params, t.Number, validation) with { OnEpoch = o => report(o.Report.ValidationScore) })), points, points.Count, CancellationToken.None);
    foreach (var t in store.Trials())
    {
        Console.WriteLine($"{name} trial {t.Number}: {t.State} after {t.Intermediate.Count} epochs, best {t.Value:0.0000}");
    }
    return Summarise(name, store.Trials().Select(t => (t.Number, t.Intermediate)).ToList(), clock.Elapsed.TotalSeconds);
}

static (List<Curve>, double) LoadFull(JsonElement run)
{
    var curves = run.GetProperty("trials").EnumerateArray()
        .Select(t => new Curve(t.GetProperty("trial").GetInt32(), t.GetProperty("curve").EnumerateArray().Select(v => v.GetDouble()).ToList()) { Seconds = t.GetProperty("seconds").GetDouble() })
        .ToList();
    return (curves, run.GetProperty("rows")[0].GetProperty("Seconds").GetDouble());
}

static Row LoadRow(JsonElement run, int index)
{
    var row = run.GetProperty("rows")[index];
    return new Row(row.GetProperty("Name").GetString()!, row.GetProperty("EpochsTrained").GetInt32(), row.GetProperty("Seconds").GetDouble(),
        row.GetProperty("BestValidation").GetDouble(), row.GetProperty("BestTrial").GetInt32(), row.GetProperty("BestEpoch").GetInt32());
}

TrainingRequest Request(IReadOnlyDictionary<string, double> p, int trial, ImageDataset evaluation) =>
    new(ImageClassificationSearchSpace.ToModel(p, train.Shape), ImageClassificationSearchSpace.ToTraining(p), new ClassificationTraining(train, evaluation, stats), Seed: 100 + trial);

// A sequential study over the recorded curves: trial by trial, epoch by epoch, asking the scheduler as the real study does.
List<(int Number, IReadOnlyList<double> Values)> Replay(List<Curve> curves, IScheduler scheduler)
{
    var history = new List<TrialRecord>();
    foreach (var curve in curves)
    {
        var trial = new TrialRecord(curve.Number, points[curve.Number], TrialState.Running);
        history.Add(trial);
        for (int epoch = 1; epoch <= curve.Values.Count; epoch++)
        {
            trial = trial with { Intermediate = curve.Values.Take(epoch).ToList() };
            history[^1] = trial;
            if (scheduler.ShouldPrune(trial, epoch, history))
            {
                break;
            }
        }
    }
    return history.Select(t => (t.Number, t.Intermediate)).ToList();
}

static Row Summarise(string name, List<(int Number, IReadOnlyList<double> Values)> trials, double? seconds)
{
    var best = trials.Where(t => t.Values.Count > 0)
        .Select(t => (t.Number, Value: t.Values.Max(), Epoch: t.Values.ToList().IndexOf(t.Values.Max()) + 1))
        .MaxBy(t => t.Value);
    return new Row(name, trials.Sum(t => t.Values.Count), seconds, best.Value, best.Number, best.Epoch);
}

internal sealed class Curve(int number, List<double> values)
{
    public int Number { get; } = number;
    public List<double> Values { get; } = values;
    public double Seconds { get; set; }
}

internal sealed record Row(string Name, int EpochsTrained, double? Seconds, double BestValidation, int BestTrial, int BestEpoch)
{
    public double? EstimatedSeconds { get; init; }

    public double TestAccuracy { get; set; }
}

/// <summary>Trains a trial's configuration (with the same seed as the full arm), reporting each epoch to the study.</summary>
internal sealed class CurveRunner(Func<TrialRecord, Func<double, bool>, TrainingResult> train) : ITrialRunner
{
    public TrialOutcome Run(TrialRecord trial, Func<double, bool> reportEpoch, CancellationToken cancellationToken)
    {
        var result = train(trial, reportEpoch);
        return new TrialOutcome(result.StopReason == StopReason.Pruned ? TrialState.Pruned : TrialState.Complete, result.BestValidationScore, result.BestEpoch, result.ParameterCount, result.StopReason.ToString());
    }
}
