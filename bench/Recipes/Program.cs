// Compares training recipes on one dataset with the product's own trainer: validation accuracy after each
// epoch and wall time, so default choices rest on measurements.
//
//   dotnet run -c Release --project bench/Recipes -- DATA EPOCHS RECIPE [RECIPE…]
//   dotnet run -c Release --project bench/Recipes -- DATA lr-find RECIPE
//     the learning-rate range test's suggestion for the recipe's network, three seeds (bench/results/lr-range-test-<data>.md)
//
// Recipes are named below. Writes bench/results/recipes-<data>-<epochs>ep.json.
using System.Diagnostics;
using System.Text.Json;
using AutoDL.Data;
using AutoDL.Data.Augmentation;
using AutoDL.Models;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Recipes DATA EPOCHS RECIPE [RECIPE…]; recipes: " + string.Join(", ", RecipeBook.Names));
    return 2;
}
var data = DataImporter.Import(args[0], new ImportOptions { CacheDirectory = Path.Combine(Path.GetTempPath(), "autodl-recipes-cache") });
var (train, validation) = data.Validation is { } v ? (data.Train, v) : StratifiedSplitter.Split(data.Train, 0.1, 43);
var stats = NormalizationStats.Compute(train);
if (args[1] == "lr-find")
{
    return RangeTest.Run(args[0], train, validation, stats, args[2], "dotnet run -c Release --project bench/Recipes -- " + string.Join(' ', args));
}
int epochs = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var rows = new List<object>();
Console.WriteLine($"{train.Count} train / {validation.Count} validation images of {train.Shape}, {train.ClassNames.Count} classes, {epochs} epochs");
foreach (var name in args[2..])
{
    var (model, training) = RecipeBook.Get(name, epochs);
    var history = new List<EpochReport>();
    var request = new TrainingRequest(model, training, new ClassificationTraining(train, validation, stats), Seed: 1);
    var cost = new Trainer().MeasureCost(request);
    Console.WriteLine($"  {name}: measured cost predicts {cost.EpochSeconds(train.Count, validation.Count):0.0}s per epoch ({cost.TrainSecondsPerImage * 1e3:0.000} ms/train image, {cost.EvalSecondsPerImage * 1e3:0.000} ms/eval image)");
    var clock = Stopwatch.StartNew();
    var result = new Trainer().Train(request with
    {
        OnEpoch = o =>
        {
            history.Add(o.Report);
            Console.WriteLine($"  {name} epoch {o.Report.Epoch}: val {o.Report.ValidationScore:0.0000} ({o.Report.Seconds:0.0}s)");
            return true;
        },
    });
    Console.WriteLine($"{name}: best {result.BestValidationScore:0.0000} at epoch {result.BestEpoch}, {clock.Elapsed.TotalSeconds:0} s, {result.ParameterCount:N0} parameters");
    rows.Add(new { recipe = name, model = model.Describe(), training = training.Describe(), best = result.BestValidationScore, seconds = clock.Elapsed.TotalSeconds, predictedEpochSeconds = cost.EpochSeconds(train.Count, validation.Count), curve = history.Select(h => new { h.Epoch, h.ValidationScore, h.Seconds }) });
}
Directory.CreateDirectory("bench/results");
var file = $"bench/results/recipes-{Path.GetFileName(Path.TrimEndingDirectorySeparator(args[0]))}-{epochs}ep.json";
File.WriteAllText(file, JsonSerializer.Serialize(new
{
    benchmark = "recipes",
    date = DateTimeOffset.UtcNow,
    machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription },
    command = "dotnet run -c Release --project bench/Recipes -- " + string.Join(' ', args),
    results = rows,
}, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"wrote {file}");
return 0;

/// <summary>The recipes compared, by name.</summary>
internal static class RecipeBook
{
    private static (ModelConfig, TrainingConfig) FitDefault(int epochs, int width, double averaging)
    {
        var point = AutoDL.Tasks.ImageClassification.ImageClassificationSearchSpace.Default(epochs, width);
        return (new ResNetConfig(3, 1, width), AutoDL.Tasks.ImageClassification.ImageClassificationSearchSpace.ToTraining(point) with { WeightAveraging = averaging });
    }

    /// <summary>Fit's default recipe (weight averaging included) on another network: candidates for the first look.</summary>
    private static (ModelConfig, TrainingConfig) FitRecipe(int epochs, ModelConfig model, int batchSize = 128)
    {
        var point = AutoDL.Tasks.ImageClassification.ImageClassificationSearchSpace.Default(epochs, 16, batchSize: batchSize);
        return (model, AutoDL.Tasks.ImageClassification.ImageClassificationSearchSpace.ToTraining(point));
    }

    private static readonly Dictionary<string, Func<int, (ModelConfig, TrainingConfig)>> Recipes = new()
    {
        ["fit-resnet16"] = e => FitRecipe(e, new ResNetConfig(3, 1, 16)),
        ["fit-plain1x16"] = e => FitRecipe(e, new PlainCnnConfig(1, 16)),
        ["fit-plain2x16"] = e => FitRecipe(e, new PlainCnnConfig(2, 16)),
        ["fit-plain1x16-bs64"] = e => FitRecipe(e, new PlainCnnConfig(1, 16), 64),
        ["fit-plain2x16-bs64"] = e => FitRecipe(e, new PlainCnnConfig(2, 16), 64),
        ["default16"] = e => (new ResNetConfig(3, 1, 16), new TrainingConfig(Epochs: e)),
        // fit's default recipe for balanced data (ImageClassificationSearchSpace.Default), raw weights or averaged over a span in epochs.
        ["fit16"] = e => FitDefault(e, 16, averaging: 0),
        ["fit16-ema0.25"] = e => FitDefault(e, 16, averaging: 0.25),
        ["fit16-ema1"] = e => FitDefault(e, 16, averaging: 1),
        ["default24"] = e => (new ResNetConfig(3, 1, 24), new TrainingConfig(Epochs: e)),
        ["default32"] = e => (new ResNetConfig(3, 1, 32), new TrainingConfig(Epochs: e)),
        ["lr1e-2"] = e => (new ResNetConfig(3, 1, 16), new TrainingConfig(LearningRate: 1e-2, Epochs: e)),
        ["lr2e-2"] = e => (new ResNetConfig(3, 1, 16), new TrainingConfig(LearningRate: 2e-2, Epochs: e)),
        ["lr1e-2w24"] = e => (new ResNetConfig(3, 1, 24), new TrainingConfig(LearningRate: 1e-2, Epochs: e)),
        ["lr1e-2w32"] = e => (new ResNetConfig(3, 1, 32), new TrainingConfig(LearningRate: 1e-2, Epochs: e)),
        ["lr1e-2bs256"] = e => (new ResNetConfig(3, 1, 16), new TrainingConfig(BatchSize: 256, LearningRate: 1e-2, Epochs: e)),
        ["lr1e-2wd5e-2"] = e => (new ResNetConfig(3, 1, 16), new TrainingConfig(LearningRate: 1e-2, WeightDecay: 5e-2, Epochs: e)),
        ["lr3e-2"] = e => (new ResNetConfig(3, 1, 16), new TrainingConfig(LearningRate: 3e-2, Epochs: e)),
        ["lr5e-2"] = e => (new ResNetConfig(3, 1, 16), new TrainingConfig(LearningRate: 5e-2, Epochs: e)),
        ["lr2e-2w24"] = e => (new ResNetConfig(3, 1, 24), new TrainingConfig(LearningRate: 2e-2, Epochs: e)),
        ["lr6e-3"] = e => (new ResNetConfig(3, 1, 16), new TrainingConfig(LearningRate: 6e-3, Epochs: e)),
        ["bs256"] = e => (new ResNetConfig(3, 1, 16), new TrainingConfig(BatchSize: 256, LearningRate: 6e-3, Epochs: e)),
        ["bs64"] = e => (new ResNetConfig(3, 1, 16), new TrainingConfig(BatchSize: 64, Epochs: e)),
        ["nols"] = e => (new ResNetConfig(3, 1, 16), new TrainingConfig(LabelSmoothing: 0, Epochs: e)),
        ["nocrop"] = e => (new ResNetConfig(3, 1, 16), new TrainingConfig(Augmentation: AugmentationConfig.None, Epochs: e)),
        ["sgd"] = e => (new ResNetConfig(3, 1, 16), new TrainingConfig(Optimizer: OptimizerKind.SgdNesterov, LearningRate: 0.1, Epochs: e)),
        ["plain32"] = e => (new PlainCnnConfig(2, 32), new TrainingConfig(Epochs: e)),
        ["resnet2x16"] = e => (new ResNetConfig(3, 2, 16), new TrainingConfig(Epochs: e)),
    };

    public static IEnumerable<string> Names => Recipes.Keys;

    public static (ModelConfig, TrainingConfig) Get(string name, int epochs) =>
        Recipes.TryGetValue(name, out var make) ? make(epochs) : throw new ArgumentException($"Unknown recipe '{name}'. Known: {string.Join(", ", Names)}");
}
