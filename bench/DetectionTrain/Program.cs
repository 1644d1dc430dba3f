using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AutoDL.Data;
using AutoDL.Data.Augmentation;
using AutoDL.Models;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Models;
using AutoDL.Tasks.ObjectDetection.Training;
using AutoDL.Training;
using static TorchSharp.torch;

// Trains the product's detector on a detection data set through the shared trainer, for a fixed number of epochs, and
// scores the best epoch on the test split: the C# side of the comparison with bench/DetectionPeer (PyTorch), until
// `autodl fit` runs detection and the comparison can go through it. It reaches internal types (InternalsVisibleTo).
//   dotnet run -c Release --project bench/DetectionTrain -- DATA [--input 128] [--backbone-width 16] [--head-width 64]
//     [--tower-depth 2] [--levels 3] [--batch 32] [--lr 0.002] [--weight-decay 1e-4] [--epochs 10] [--seed 1] [--json FILE]
var options = BenchOptions.Parse(args);
var clock = Stopwatch.StartNew();
var listing = DetectionImporter.Import(options.Data);
var input = new ImageShape(3, options.Input, options.Input);
var skipped = new List<SkippedFile>();
DetectionSet Split(DataSplit split) => DetectionSetBuilder.Build([.. listing.In(split)], input, skipped, CancellationToken.None);
var (train, validation, test) = (Split(DataSplit.Train), Split(DataSplit.Validation), Split(DataSplit.Test));
double importSeconds = clock.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{listing.Format} data: {train.Count} train, {validation.Count} validation, {test.Count} test images, {listing.ClassNames.Count} classes; decoded in {importSeconds:0.0} s"));

var backbone = new ResNetConfig(options.Stages, options.Blocks, options.BackboneWidth, StemKind.Conv7Pool);
var head = new DetectorHead(options.Levels, options.HeadWidth, options.TowerDepth);
var detector = new DetectorConfig(backbone, head);
var normalization = NormalizationStats.Compute(train);
var task = new DetectionTraining(train, validation, listing.ClassNames, normalization, new DetectionAugmentation());
var recipe = new TrainingConfig(OptimizerKind.AdamW, options.LearningRate, options.WeightDecay, options.Batch, options.Epochs, LearningRateSchedule.OneCycle, 0, AugmentationConfig.None, EarlyStoppingPatience: options.Epochs);
long parameters = FcosCost.Of(backbone, input, listing.ClassNames.Count, head).Parameters;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"detector: {backbone.Describe()}, head {head}, {parameters:N0} parameters; {recipe.Describe()}; {get_num_threads()} threads"));

var result = new Trainer().Train(new TrainingRequest(detector, recipe, task, options.Seed)
{
    OnEpoch = outcome =>
    {
        var e = outcome.Report;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  epoch {e.Epoch}: train loss {e.TrainLoss:0.###}, validation loss {e.ValidationLoss:0.###}, validation mAP {e.ValidationScore:0.####}, {e.Seconds:0.0} s"));
        return true;
    },
});

using var network = task.CreateNetwork(detector);
WeightsSerializer.Load(network, result.BestWeights!);
var evaluation = Stopwatch.StartNew();
var report = task.Test(network, test);
double trainSeconds = result.History.Sum(e => e.Seconds);
var figures = new
{
    options,
    machine = Environment.ProcessorCount,
    threads = get_num_threads(),
    parameters,
    importSeconds,
    epochs = result.History.Count,
    trainImagesPerSecondIncludingValidation = train.Count * result.History.Count / trainSeconds,
    secondsPerEpoch = result.History.Select(e => e.Seconds).ToArray(),
    validationMap = result.History.Select(e => e.ValidationScore).ToArray(),
    bestEpoch = result.BestEpoch,
    testEvaluationSeconds = evaluation.Elapsed.TotalSeconds,
    test = report.Scores(),
    wallSeconds = clock.Elapsed.TotalSeconds,
};
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best epoch {result.BestEpoch}; test: {string.Join(", ", report.Scores().Select(s => $"{s.Key} {s.Value:0.####}"))}; wall {clock.Elapsed.TotalSeconds:0} s"));
if (options.Json is { } json)
{
    File.WriteAllText(json, JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
}
