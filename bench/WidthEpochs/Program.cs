// Wider or longer at equal time (issue 24, item 1): each rung of fit's default ladder (ResNet(3 stages, 1 block, width w),
// the default recipe) trains for as many epochs as its measured cost fits in the same number of seconds, on each data set;
// the budget policy picks the widest rung that still gets its target epochs, and this is what that choice rests on.
//
//   dotnet run -c Release --project bench/WidthEpochs -- SECONDS DATA [DATA…]
//
// Tuning sets only (Fashion-MNIST, letters); the held-out sets judge the product. Each set is split as fit splits it;
// the test split, when the set has one, scores each rung's best weights. Writes bench/results/width-epochs.json.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AutoDL.Bench;
using AutoDL.Tasks.ImageClassification;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: WidthEpochs SECONDS DATA [DATA…]");
    return 2;
}
double seconds = double.Parse(args[0], CultureInfo.InvariantCulture);
var rows = new List<object>();
foreach (var folder in args[1..])
{
    var split = TuningSplit.Load(folder);
    Console.WriteLine($"{split}; {seconds:0} s a rung");
    foreach (var rung in ImageClassificationSearchSpace.DefaultLadder(split.Traits))
    {
        var model = ImageClassificationSearchSpace.ToModel(rung, split.Train.Shape);
        var request = new TrainingRequest(model, ImageClassificationSearchSpace.ToTraining(rung), new ClassificationTraining(split.Train, split.Validation, split.Stats), Seed: 1);
        double epochSeconds = new Trainer().MeasureCost(request).EpochSeconds(split.Train.Count, split.Validation.Count);
        int epochs = (int)Math.Floor(seconds / epochSeconds);
        if (epochs < 1)
        {
            Console.WriteLine($"  {model.Describe()}: an epoch takes ~{epochSeconds:0} s, more than the {seconds:0} s; wider rungs skipped");
            break;
        }
        var training = ImageClassificationSearchSpace.ToTraining(ImageClassificationSearchSpace.WithEpochs(rung, epochs));
        var clock = Stopwatch.StartNew();
        var result = new Trainer().Train(request with { Training = training });
        double? test = split.Test is { } testSet && result.BestWeights is { } weights ? TestSetEvaluation.Evaluate(model, split.Stats, weights, testSet).Accuracy : null;
        Console.WriteLine($"  {model.Describe()}: {epochs} epochs (~{epochSeconds:0.0} s each), validation {result.BestValidationScore:0.0000}, test {test:0.0000}, {clock.Elapsed.TotalSeconds:0} s");
        rows.Add(new { set = split.Name, model = model.Describe(), epochs, predictedEpochSeconds = epochSeconds, validation = result.BestValidationScore, test, seconds = clock.Elapsed.TotalSeconds });
    }
}
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
return 0;
