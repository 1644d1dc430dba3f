// Calibration of every classifier family: each network trained with fit's default recipe on a subset of the training
// split, its temperature fitted on the validation split as fit fits the final model's, then the test split's expected
// calibration error (15 bins) and negative log-likelihood without and with it.
//
//   dotnet run -c Release --project bench/Calibration -- DATA [TRAIN_IMAGES] [EPOCHS]
//
// Writes bench/results/calibration-<data>.md.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AutoDL.Data;
using AutoDL.Evaluation.Calibration;
using AutoDL.Inference;
using AutoDL.Models;
using AutoDL.Tasks.ImageClassification;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Calibration DATA [TRAIN_IMAGES] [EPOCHS]");
    return 2;
}
int trainImages = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 12_000;
int epochs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 6;
var data = DataImporter.Import(args[0], new ImportOptions { CacheDirectory = Path.Combine(Path.GetTempPath(), "autodl-calibration-cache") });
var test = data.Test ?? throw new InvalidOperationException("The data set needs a test split.");
var pool = data.Train.Subset([.. Enumerable.Range(0, data.Train.Count).OrderBy(i => (i * 2654435761L) % 1_000_003).Take(trainImages)]);
var (train, validation) = StratifiedSplitter.Split(pool, 0.15, 43);
var stats = NormalizationStats.Compute(train);
int classes = train.ClassNames.Count;
Console.WriteLine($"{train.Count} train / {validation.Count} validation / {test.Count} test images of {train.Shape}, {classes} classes, {epochs} epochs");

ModelConfig[] families = [new ResNetConfig(3, 1, 16), new MobileNetV2Config(), new PlainCnnConfig(2, 32)];
var training = ImageClassificationSearchSpace.ToTraining(ImageClassificationSearchSpace.Default(epochs, width: 16));
var table = new StringBuilder();
foreach (var model in families)
{
    var clock = Stopwatch.StartNew();
    var result = new Trainer().Train(new TrainingRequest(model, training, new ClassificationTraining(train, validation, stats), Seed: 1));
    using var network = ModelFactory.Create(model, train.Shape, classes);
    WeightsSerializer.Load(network, result.BestWeights ?? throw new InvalidOperationException($"{model.Family} kept no weights."));
    var builder = new BatchBuilder(train.Shape, stats);
    var onValidation = NetworkRunner.PredictProbabilities(network, validation, builder, classes);
    var onTest = NetworkRunner.PredictProbabilities(network, test, builder, classes);
    double temperature = TemperatureScaling.Fit(validation.Labels, onValidation, classes);
    var before = CalibrationFigures.Compute(test.Labels, onTest, classes);
    var after = CalibrationFigures.Compute(test.Labels, TemperatureScaling.Apply(onTest, classes, temperature), classes);
    double accuracy = Enumerable.Range(0, test.Count).Count(i => NetworkRunner.ArgMax(onTest.AsSpan(i * classes, classes)) == test.Labels[i]) / (double)test.Count;
    string line = string.Create(CultureInfo.InvariantCulture,
        $"| {model.Family} ({model.Describe()}) | {accuracy:0.0000} | {temperature:0.000} | {before.ExpectedCalibrationError:0.0000} | {after.ExpectedCalibrationError:0.0000} | {before.NegativeLogLikelihood:0.0000} | {after.NegativeLogLikelihood:0.0000} | {clock.Elapsed.TotalSeconds:0} |");
    Console.WriteLine(line);
    table.AppendLine(line);
}

string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(args[0]));
string file = $"bench/results/calibration-{name}.md";
Directory.CreateDirectory("bench/results");
File.WriteAllText(file, $"""
    # Temperature scaling per network family: {name}

    - Machine: {InferenceTuner.MachineDescription()}, no GPU. Date: {DateTime.UtcNow:yyyy-MM-dd}.
    - Command: `dotnet run -c Release --project bench/Calibration -- {string.Join(' ', args)}`
    - {train.Count} training / {validation.Count} validation images (a fixed subset of the training split), the {test.Count}
      test images; fit's default recipe ({training.Describe()}), seed 1. The temperature is fitted on the validation split
      (negative log-likelihood, as fit does), the figures are on the test split. ECE: 15 equal-width confidence bins.

    | family | test accuracy | temperature | ECE before | ECE after | NLL before | NLL after | seconds |
    |---|---|---|---|---|---|---|---|
    {table.ToString().TrimEnd()}

    """);
Console.WriteLine($"wrote {file}");
return 0;
