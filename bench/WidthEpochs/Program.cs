// Wider or longer at equal time (issue 24, item 1): each rung of fit's default ladder (ResNets of one block per stage,
// width w, the default recipe) and, when asked, portfolio candidates (ImageClassificationPortfolio.Candidates) train for as many
// epochs as their measured cost fits in the same number of seconds, on each data set; the budget policy picks the widest
// rung that still gets its target epochs, and this is what that choice rests on.
//
//   dotnet run -c Release --project bench/WidthEpochs -- SECONDS DATA [DATA…] [--widths 16,24,…] [--candidates NAME,…]
//
// Tuning sets only (Fashion-MNIST, letters); the held-out sets judge the product. Each set is split as fit splits it;
// the test split, when the set has one, scores each arm's best weights. Writes bench/results/width-epochs.json (the
// committed runs, made when the ladder had three stages, were renamed width-epochs-SET.json; width-epochs.md reads them).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AutoDL.Bench;
using AutoDL.Tasks.ImageClassification;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;

var folders = new List<string>();
int[]? widths = null;
string[] candidates = [];
for (int i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--widths" when i + 1 < args.Length:
            widths = [.. args[++i].Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture))];
            break;
        case "--candidates" when i + 1 < args.Length:
            candidates = args[++i].Split(',');
            break;
        default:
            folders.Add(args[i]);
            break;
    }
}
if (args.Length < 2 || folders.Count == 0)
{
    Console.Error.WriteLine("usage: WidthEpochs SECONDS DATA [DATA…] [--widths 16,24,…] [--candidates NAME,…]");
    return 2;
}
double seconds = double.Parse(args[0], CultureInfo.InvariantCulture);
var rows = new List<object>();
foreach (var folder in folders)
{
    var split = TuningSplit.Load(folder);
    Console.WriteLine($"{split}; {seconds:0} s an arm");
    var arms = ImageClassificationSearchSpace.DefaultLadder(split.Traits)
        .Where(rung => widths is null || widths.Contains((int)rung["resnet.width"]))
        .Select(rung => (Name: $"ladder-w{rung["resnet.width"]}", Point: rung))
        .Concat(candidates.Select(name => (Name: name, Point: ImageClassificationPortfolio.Candidate(name, split.Traits, ImageClassificationSearchSpace.DefaultBatchSize, epochs: 1))));
    foreach (var (name, point) in arms)
    {
        var model = ImageClassificationSearchSpace.ToModel(point, split.Train.Shape);
        var request = new TrainingRequest(model, ImageClassificationSearchSpace.ToTraining(point), new ClassificationTraining(split.Train, split.Validation, split.Stats), Seed: 1);
        double epochSeconds = new Trainer().MeasureCost(request).EpochSeconds(split.Train.Count, split.Validation.Count);
        int epochs = (int)Math.Floor(seconds / epochSeconds);
        if (epochs < 1)
        {
            Console.WriteLine($"  {name} ({model.Describe()}): an epoch takes ~{epochSeconds:0} s, more than the {seconds:0} s; skipped");
            continue;
        }
        var training = ImageClassificationSearchSpace.ToTraining(ImageClassificationSearchSpace.WithEpochs(point, epochs));
        var clock = Stopwatch.StartNew();
        var result = new Trainer().Train(request with { Training = training });
        double? test = split.Test is { } testSet && result.BestWeights is { } weights ? TestSetEvaluation.Evaluate(model, split.Stats, weights, testSet).Accuracy : null;
        Console.WriteLine($"  {name} ({model.Describe()}): {epochs} epochs (~{epochSeconds:0.0} s each), validation {result.BestValidationScore:0.0000}, test {test:0.0000}, {clock.Elapsed.TotalSeconds:0} s");
        rows.Add(new { set = split.Name, arm = name, model = model.Describe(), training = training.Describe(), epochs, predictedEpochSeconds = epochSeconds, validation = result.BestValidationScore, test, seconds = clock.Elapsed.TotalSeconds });
        Write(rows, args); // after every arm, so an interrupted run keeps what it measured
    }
}
return 0;

static void Write(List<object> rows, string[] args)
{
    Directory.CreateDirectory(BenchPaths.Results);
    var file = Path.Combine(BenchPaths.Results, "width-epochs.json");
    File.WriteAllText(file, JsonSerializer.Serialize(new
    {
        benchmark = "width-epochs",
        date = DateTimeOffset.UtcNow,
        machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription },
        command = "dotnet run -c Release --project bench/WidthEpochs -- " + string.Join(' ', args),
        results = rows,
    }, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"wrote {file}");
}
