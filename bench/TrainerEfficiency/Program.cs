// Is our trainer as fast as a bare TorchSharp loop, and how do both compare with PyTorch?
//
//   dotnet run -c Release --project bench/TrainerEfficiency -- [IDX_FOLDER] [--rounds N] [--steps N]
//
// In one process, interleaved rounds of the same network (fit's default ResNet(3,1,16)), batch (128), optimiser
// (AdamW 2e-2, one-cycle), loss (cross-entropy, label smoothing 0.1) and in-memory Fashion-MNIST images:
//   - trainer: AutoDL's Trainer, no augmentation (as the bare loop has none); it trains this network channels-last;
//   - trainer + crop/flip: with the uint8 crop and flip of fit's default recipe;
//   - trainer + tensor augmentation: with TrivialAugment (0.5) and random erasing (0.25) on top;
//   - bare loop: the images normalised once into one tensor, each batch an index_select, then forward, loss,
//     backward and step, each batch in its own dispose scope;
//   - bare loop, channels-last: the same with input and convolution weights laid out NHWC, as the trainer does;
// then the same network and loop in PyTorch (Debian's python3-torch, bench/TrainerEfficiency/pytorch_peer.py),
// after the .NET rounds so the two never share the cores. Reports images per second (best round, and the median).
// Writes bench/results/trainer-efficiency.json and .md.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Bench;
using AutoDL.Data;
using AutoDL.Data.Augmentation;
using AutoDL.Inference;
using AutoDL.Models;
using AutoDL.Runtime;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Training;
using TorchSharp;
using static TorchSharp.torch;

string idx = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "/usr/share/datasets/fashion-mnist";
int rounds = Option("--rounds", 5);
int steps = Option("--steps", 60);
const int Batch = 128;
const double LearningRate = 2e-2, WeightDecay = 5e-4, LabelSmoothing = 0.1;
const string BareStandard = "bare TorchSharp loop", BareChannelsLast = "bare loop, channels-last";

TorchRuntime.Initialize();
var data = DataImporter.Import(idx, new ImportOptions());
var train = data.Train;
var validation = train.Subset(Enumerable.Range(0, 256).ToArray());
var stats = NormalizationStats.Compute(train);
var model = new ResNetConfig(3, 1, 16, StemKind.Conv3);
int classes = train.ClassNames.Count;
var baseRecipe = new TrainingConfig(OptimizerKind.AdamW, LearningRate, WeightDecay, Batch, Epochs: 1, LearningRateSchedule.OneCycle, LabelSmoothing, AugmentationConfig.None, EarlyStoppingPatience: 0);
var arms = new (string Name, Func<double> Run)[]
{
    ("trainer", () => TrainerRate(baseRecipe)),
    ("trainer + crop/flip", () => TrainerRate(baseRecipe with { Augmentation = new AugmentationConfig(2, true) })),
    ("trainer + tensor augmentation", () => TrainerRate(baseRecipe with { Augmentation = new AugmentationConfig(2, true) { Magnitude = 0.5, ErasingProbability = 0.25 } })),
    (BareStandard, () => BareRate(channelsLast: false)),
    (BareChannelsLast, () => BareRate(channelsLast: true)),
};
var rates = arms.ToDictionary(a => a.Name, _ => new List<double>());
// One untimed pass of every loop first: the first network built in a process pays libtorch's start-up costs.
foreach (var (_, run) in arms)
{
    run();
}
for (int round = 1; round <= rounds; round++)
{
    foreach (var (name, run) in arms)
    {
        double rate = run();
        rates[name].Add(rate);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} {name}: {rate:0} images/s"));
    }
}

var python = RunPytorchPeer();
var machine = InferenceTuner.MachineDescription();
var date = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
var command = $"dotnet run -c Release --project bench/TrainerEfficiency -- {string.Join(' ', args)}";
double bare = rates[BareStandard].Max();
// The trainer is held to the bare loop that runs the same kernels as it does.
double bareAsTrainer = rates[model.TrainsFasterChannelsLast ? BareChannelsLast : BareStandard].Max();
var md = new StringBuilder();
md.AppendLine("# Trainer efficiency: AutoDL's trainer against a bare TorchSharp loop and PyTorch");
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine}, no GPU. Date: {date}. Command: `{command}`.");
md.AppendLine(CultureInfo.InvariantCulture, $"- Network ResNet(3,1,16) (fit's default), batch {Batch}, AdamW {LearningRate} one-cycle, cross-entropy with label smoothing {LabelSmoothing}, Fashion-MNIST training images in memory; {steps} timed batches per round after the first, {rounds} interleaved rounds. libtorch threads: {torch.get_num_threads()}.");
md.AppendLine("- The trainer's rate is measured between its first and last batch callbacks, so network construction and the validation pass are outside it, as they are outside the bare loop's. Every loop runs once untimed before the rounds.");
md.AppendLine(CultureInfo.InvariantCulture, $"- The trainer lays this network out {(model.TrainsFasterChannelsLast ? "channels-last" : "in the standard layout")}, so the last column compares it with the bare loop in that layout.");
md.AppendLine();
md.AppendLine("| loop | images/s (best round) | images/s (median) | vs bare loop (best) | vs bare loop in the trainer's layout (best) |");
md.AppendLine("|---|---:|---:|---:|---:|");
foreach (var (name, values) in rates)
{
    string sameLayout = name.StartsWith("trainer", StringComparison.Ordinal) ? (values.Max() / bareAsTrainer).ToString("0.00", CultureInfo.InvariantCulture) : "";
    md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {values.Max():0} | {Median(values):0} | {values.Max() / bare:0.00} | {sameLayout} |");
}
if (python is { } peer)
{
    md.AppendLine(CultureInfo.InvariantCulture, $"| PyTorch {peer.Version} (same network and loop, standard layout, {peer.Threads} threads) | {peer.Best:0} | {peer.Median:0} | {peer.Best / bare:0.00} | |");
}
else
{
    md.AppendLine("| PyTorch | not run: python3 with torch not found | | | |");
}
File.WriteAllText(Path.Combine(BenchPaths.Results, "trainer-efficiency.md"), md.ToString());
File.WriteAllText(Path.Combine(BenchPaths.Results, "trainer-efficiency.json"), JsonSerializer.Serialize(new { machine, date, command, batch = Batch, steps, rounds, rates, pytorch = python }, new JsonSerializerOptions { WriteIndented = true }));
Console.Write(md);
return 0;

double TrainerRate(TrainingConfig recipe) => AutoDL.Bench.TrainerRate.Measure(model, recipe, train, validation, stats, steps);

double BareRate(bool channelsLast)
{
    using var network = ModelFactory.Create(model, train.Shape, classes);
    network.train();
    if (channelsLast)
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, module) in network.named_modules())
        {
            if (module is TorchSharp.Modules.Conv2d conv)
            {
                conv.weight = new TorchSharp.Modules.Parameter(ChannelsLast(conv.weight!).detach());
            }
        }
    }
    using var images = NormalisedImages();
    using var labels = tensor(train.Labels.Select(l => (long)l).ToArray());
    var parameters = network.parameters().ToList();
    using var optimizer = optim.AdamW(parameters, LearningRate, weight_decay: WeightDecay);
    var scheduler = optim.lr_scheduler.OneCycleLR(optimizer, LearningRate, total_steps: steps + 1, pct_start: 0.25, cycle_momentum: false);
    var random = new Random(1);
    var order = Enumerable.Range(0, train.Count).Select(i => (long)i).ToArray();
    random.Shuffle(order);
    var clock = new Stopwatch();
    for (int step = 0; step <= steps; step++)
    {
        if (step == 1)
        {
            clock.Start();
        }
        using var scope = NewDisposeScope();
        using var index = tensor(order.AsSpan(step * Batch, Batch).ToArray());
        var x = images.index_select(0, index);
        if (channelsLast)
        {
            x = ChannelsLast(x);
        }
        var y = labels.index_select(0, index);
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(network.forward(x), y, label_smoothing: LabelSmoothing);
        _ = loss.item<float>();
        loss.backward();
        optimizer.step();
        scheduler.step();
    }
    return steps * Batch / clock.Elapsed.TotalSeconds;
}

// TorchSharp 0.107 has no memory_format argument; libtorch picks its NHWC kernels from the strides.
static Tensor ChannelsLast(Tensor nchw) => nchw.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

Tensor NormalisedImages()
{
    var pixels = new float[(long)train.Count * train.Shape.PixelCount];
    float scale = 1f / (255f * stats.Std[0]), offset = -stats.Mean[0] / stats.Std[0];
    var source = train.Pixels;
    for (int i = 0; i < pixels.Length; i++)
    {
        pixels[i] = source[i] * scale + offset;
    }
    return tensor(pixels, [train.Count, train.Shape.Channels, train.Shape.Height, train.Shape.Width]);
}

PeerResult? RunPytorchPeer()
{
    var script = Path.Combine(BenchPaths.RepositoryRoot(), "bench", "TrainerEfficiency", "pytorch_peer.py");
    var start = new ProcessStartInfo("/usr/bin/python3", [script, idx, steps.ToString(CultureInfo.InvariantCulture), rounds.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true };
    try
    {
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? JsonSerializer.Deserialize<PeerResult>(output.Trim().Split('\n')[^1], new JsonSerializerOptions(JsonSerializerDefaults.Web)) : null;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return null;
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

int Option(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record PeerResult(string Version, int Threads, double Best, double Median, double[] Rates);
