// Measures the classifier's portfolio candidates (ImageClassificationPortfolio.Candidates) beside fit's default on
// tuning sets, with the product's own trainer, and chooses the portfolio greedily (GreedyPortfolio). Never run it on
// the held-out sets (bench/datasets/synthetic-shapes.py, synthetic-textures.py): they judge the product.
//
//   dotnet run -c Release --project bench/Portfolio -- EPOCHS TRAIN_IMAGES VALIDATION_IMAGES DATA [DATA…]
//   dotnet run -c Release --project bench/Portfolio -- --select bench/results/portfolio.json [--always NAME]
//     chooses again from measurements already made (after a change of the selection rule, or of the default: NAME is
//     the measured candidate fit now always trains; "default" names the default as it was when measured)
//
// Each set's training images are split 90/10 (seed 43, as fit splits with its default seed), then both parts are cut to the sizes given,
// stratified. Writes bench/results/portfolio.json.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AutoDL.Bench;
using AutoDL.Bench.Portfolio;
using AutoDL.Tasks.ImageClassification;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;

const string DefaultName = "default";
const int PortfolioSize = 4;
const double MaxCostRatio = 3;
var json = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
string command;
DateTimeOffset date = DateTimeOffset.UtcNow;
List<Measurement> measured;
string alwaysTrained = DefaultName;
if (args is ["--select", _] or ["--select", _, "--always", _])
{
    alwaysTrained = args.Length == 4 ? args[3] : DefaultName;
    using var previous = JsonDocument.Parse(File.ReadAllText(args[1]));
    command = previous.RootElement.GetProperty("command").GetString()!;
    date = previous.RootElement.GetProperty("date").GetDateTimeOffset();
    measured = previous.RootElement.GetProperty("results").Deserialize<List<Measurement>>(json)!;
}
else if (args.Length >= 4)
{
    command = "dotnet run -c Release --project bench/Portfolio -- " + string.Join(' ', args);
    measured = Measure(int.Parse(args[0], CultureInfo.InvariantCulture), int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), args[3..]);
}
else
{
    Console.Error.WriteLine("usage: Portfolio EPOCHS TRAIN_IMAGES VALIDATION_IMAGES DATA [DATA…] | Portfolio --select RESULTS_JSON [--always NAME]");
    return 2;
}
var chosen = GreedyPortfolio.Choose(measured, alwaysTrained, PortfolioSize, MaxCostRatio);
Console.WriteLine($"portfolio (candidates at most {MaxCostRatio}× the default's time), in the order chosen: " + string.Join(", ", chosen.Select(c => $"{c.Name} (mean regret {c.MeanRegret:0.0000} after it)")));
Directory.CreateDirectory(BenchPaths.Results);
var output = Path.Combine(BenchPaths.Results, "portfolio.json");
File.WriteAllText(output, JsonSerializer.Serialize(new
{
    benchmark = "portfolio",
    date,
    machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription },
    command,
    selection = new { size = PortfolioSize, maxCostRatio = MaxCostRatio, alwaysTrained },
    results = measured,
    chosen = chosen.Select(c => new { name = c.Name, meanRegret = c.MeanRegret }),
}, json));
Console.WriteLine($"wrote {output}");
return 0;

static List<Measurement> Measure(int epochs, int trainImages, int validationImages, IEnumerable<string> folders)
{
    var names = new[] { DefaultName }.Concat(ImageClassificationPortfolio.Candidates.Keys).ToList();
    var measured = new List<Measurement>();
    foreach (var folder in folders)
    {
        var split = TuningSplit.Load(folder, trainImages, validationImages);
        Console.WriteLine($"{split}, {epochs} epochs");
        foreach (var name in names)
        {
            var point = name == DefaultName
                ? ImageClassificationSearchSpace.Default(epochs, width: 16, split.Traits)
                : ImageClassificationPortfolio.Candidate(name, split.Traits, ImageClassificationSearchSpace.DefaultBatchSize, epochs);
            var model = ImageClassificationSearchSpace.ToModel(point, split.Train.Shape);
            var training = ImageClassificationSearchSpace.ToTraining(point);
            var clock = Stopwatch.StartNew();
            var result = new Trainer().Train(new TrainingRequest(model, training, new ClassificationTraining(split.Train, split.Validation, split.Stats), Seed: 1));
            Console.WriteLine($"  {name}: best {result.BestValidationScore:0.0000} at epoch {result.BestEpoch}, {clock.Elapsed.TotalSeconds:0} s");
            measured.Add(new Measurement(split.Name, name, model.Describe(), training.Describe(), result.BestValidationScore, result.BestEpoch, clock.Elapsed.TotalSeconds));
        }
    }
    return measured;
}
