// Does the data-quality analysis find problems we planted? Runs QualityAnalyzer on a dataset made by
// bench/datasets/plant-problems.py and scores it against the dataset's truth.json:
//   - every corrupt file listed as unreadable;
//   - every planted test→train copy found as a cross-split duplicate;
//   - the share of flipped labels among the top (2 × planted) label suspects (acceptance: ≥ 70 %);
//   - the cut class flagged in the balance check.
//
//   /usr/bin/python3 bench/datasets/plant-problems.py /work/data/fashion-mnist-folders /work/data/fmnist-planted
//   dotnet run -c Release --project bench/DataQuality -- /work/data/fmnist-planted
//
// Writes bench/results/data-quality.json and .md, and the report to DATA-quality.json beside DATA.
//
//   dotnet run -c Release --project bench/DataQuality -- DATA --label-epochs N
//     the same with the label model trained N epochs per fold (data-quality-label-epochs-N.md, DATA-quality-label-epochs-N.json)
//   dotnet run -c Release --project bench/DataQuality -- DATA --second-round DATA-quality.json
//     runs the label check again on what that report's --exclude-suspects keeps, and scores both rounds'
//     leavings against the plant (bench/results/data-quality-second-round.md, DATA-quality-round-2.json)
//   dotnet run -c Release --project bench/DataQuality -- DATA --near-sweep
//     how many near-duplicate pairs each similarity threshold reports (bench/results/data-quality-near-duplicates.md)
//   dotnet run -c Release --project bench/DataQuality -- DATA --train-compare DATA-quality.json [--epochs N] [--arms A,B] [--seeds S,T]
//     trains fit's default recipe (N epochs, 20 unless given) on the training set with and without the report's label
//     suspects (copies of test images left out of both) and measures both on the clean test split
//     (bench/results/data-quality-training.md); --arms picks among dirty, suspects and oracle (the planted flips
//     left out), --seeds the seeds (0,1 unless given); other arms or seeds write data-quality-training-ARMS-seeds-S-T.md
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Bench;
using AutoDL.Bench.DataQuality;
using AutoDL.Data.Quality;
using AutoDL.Inference;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Quality;

if (args.Length is not (1 or 2 or 3 or 5 or 7 or 9))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/DataQuality -- PLANTED_DATA");
    return 2;
}
var dataPath = Path.GetFullPath(args[0]);
var command = $"dotnet run -c Release --project bench/DataQuality -- {args[0]}";
using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataPath, "truth.json")));
var root = truth.RootElement;

var flipped = root.GetProperty("flipped").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToHashSet();

var clock = Stopwatch.StartNew();
var imported = DataImporter.Import(dataPath, new ImportOptions());
if (args is [_, "--train-compare", var reportPath, ..])
{
    string? Option(string name) => args.Skip(3).Chunk(2).FirstOrDefault(pair => pair.Length == 2 && pair[0] == name)?[1];
    int epochs = Option("--epochs") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : TrainingComparison.DefaultEpochs;
    var arms = Option("--arms")?.Split(',') ?? TrainingComparison.DefaultArms;
    var seeds = Option("--seeds")?.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() ?? TrainingComparison.DefaultSeeds;
    return TrainingComparison.Run(imported, QualityReportJson.Deserialize(File.ReadAllText(reportPath)), flipped, epochs, arms, seeds, BenchPaths.Results, string.Join(' ', args));
}
if (args is [_, "--second-round", var firstReportPath])
{
    // Does a second label check, on what the first one's --exclude-suspects leaves, find the flips the first missed?
    var first = QualityReportJson.Deserialize(File.ReadAllText(firstReportPath));
    var (cleanedOnce, _) = DataCleaner.Clean(imported, first, excludeSuspects: true);
    var firstTaken = DataCleaner.SuspectsToExclude(first).Select(s => Path.GetFullPath(s.Image.Source)).ToList();
    var second = QualityAnalyzer.Analyze(cleanedOnce, new QualityOptions(), new Progress<string>(Console.WriteLine));
    QualityReportJson.Write(second, dataPath.TrimEnd('/') + "-quality-round-2.json");
    var secondTaken = DataCleaner.SuspectsToExclude(second).Select(s => Path.GetFullPath(s.Image.Source)).ToList();
    string Line(string name, IReadOnlyCollection<string> taken)
    {
        int flips = taken.Count(flipped.Contains);
        return string.Create(CultureInfo.InvariantCulture, $"| {name} | {taken.Count:N0} | {flips:N0} ({(double)flips / Math.Max(1, taken.Count):P1}) | {(double)flips / flipped.Count:P1} | {taken.Count - flips:N0} | {flipped.Count - flips:N0} |");
    }
    var rounds = new StringBuilder();
    rounds.AppendLine("# A second label check on what the first leaves");
    rounds.AppendLine();
    rounds.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {InferenceTuner.MachineDescription()}, no GPU. Date: {DateTime.UtcNow:yyyy-MM-dd}. Command: `dotnet run -c Release --project bench/DataQuality -- {args[0]} --second-round {args[2]}`.");
    rounds.AppendLine(CultureInfo.InvariantCulture, $"- The first report's label check: {first.LabelModel?.Model}, {first.LabelModel?.Epochs} epochs per fold, out-of-fold accuracy {first.LabelModel?.OutOfFoldAccuracy:0.000}. The second runs the same check on the {cleanedOnce.Train.Count:N0} training images that `fit --exclude-suspects` keeps ({second.LabelModel?.Seconds:0} s, out-of-fold accuracy {second.LabelModel?.OutOfFoldAccuracy:0.000}), and the same rule (DataCleaner.SuspectsToExclude) takes from its suspects.");
    rounds.AppendLine();
    rounds.AppendLine("| left out by | images | of them flips (precision) | share of all flips (recall) | correct images left out | flips kept |");
    rounds.AppendLine("|---|---:|---:|---:|---:|---:|");
    rounds.AppendLine(Line("the first check", firstTaken));
    rounds.AppendLine(Line("the second check, of what the first kept", secondTaken));
    rounds.AppendLine(Line("both", firstTaken.Concat(secondTaken).ToList()));
    Console.Write(rounds);
    File.WriteAllText(Path.Combine(BenchPaths.Results, "data-quality-second-round.md"), rounds.ToString());
    return 0;
}
if (args.Length == 2 && args[1] == "--near-sweep")
{
    // How many near pairs each similarity threshold would report, and how many of them span splits.
    var loose = QualityAnalyzer.Analyze(imported, new QualityOptions { FindLabelErrors = false, NearDuplicateSimilarity = 0.9 });
    var sweep = new StringBuilder();
    sweep.AppendLine("# Near duplicates: how the similarity threshold decides");
    sweep.AppendLine();
    sweep.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {InferenceTuner.MachineDescription()}. Date: {DateTime.UtcNow:yyyy-MM-dd}. Command: `dotnet run -c Release --project bench/DataQuality -- {args[0]} --near-sweep`.");
    sweep.AppendLine(CultureInfo.InvariantCulture, $"- {imported.Train.Count:N0} training and {imported.Test?.Count ?? 0:N0} test images (Fashion-MNIST with planted problems, whose 200 planted leaks are exact copies). Candidates: 64-bit difference hashes within 3 bits; a pair counts when the correlation of its 16×16 thumbnails and of its full pixels both reach the threshold.");
    sweep.AppendLine();
    sweep.AppendLine("| correlation at least | near pairs | across splits | with two labels |");
    sweep.AppendLine("|---:|---:|---:|---:|");
    foreach (double threshold in new[] { 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999 })
    {
        var near = loose.Duplicates.Where(d => d.Kind == DuplicateKind.Near && d.Similarity >= threshold).ToList();
        sweep.AppendLine(CultureInfo.InvariantCulture, $"| {threshold} | {near.Count:N0} | {near.Count(d => d.CrossSplit):N0} | {near.Count(d => !d.SameLabel):N0} |");
    }
    Console.Write(sweep);
    File.WriteAllText(Path.Combine(BenchPaths.Results, "data-quality-near-duplicates.md"), sweep.ToString());
    return 0;
}
double importSeconds = clock.Elapsed.TotalSeconds;
clock.Restart();
// --label-epochs N trains the label model for N epochs instead of the default, to weigh its cost against what it finds;
// its results go to files of their own.
int? labelEpochs = args is [_, "--label-epochs", var epochsText] ? int.Parse(epochsText, CultureInfo.InvariantCulture) : null;
string variant = labelEpochs is { } given ? $"-label-epochs-{given}" : "";
var report = QualityAnalyzer.Analyze(imported, new QualityOptions { Epochs = labelEpochs }, new Progress<string>(Console.WriteLine));
double analysisSeconds = clock.Elapsed.TotalSeconds;

QualityReportJson.Write(report, dataPath.TrimEnd('/') + $"-quality{variant}.json");
var unreadable = report.Unreadable.Select(s => Path.GetFullPath(s.Path)).ToHashSet();
var corrupt = root.GetProperty("corrupt").EnumerateArray().Select(c => c.GetProperty("path").GetString()!).ToList();
int corruptFound = corrupt.Count(unreadable.Contains);

var crossSplit = report.Leakage.Select(d => (Path.GetFullPath(d.First.Source), Path.GetFullPath(d.Second.Source))).ToHashSet();
var leaks = root.GetProperty("leaks").EnumerateArray().Select(l => (l.GetProperty("train").GetString()!, l.GetProperty("test").GetString()!)).ToList();
int leaksFound = leaks.Count(crossSplit.Contains);
int otherCrossSplit = crossSplit.Count - leaksFound;

int top = 2 * flipped.Count;
int flippedInTop = report.LabelSuspects.Take(top).Count(s => flipped.Contains(Path.GetFullPath(s.Image.Source)));
int flippedAnywhere = report.LabelSuspects.Count(s => flipped.Contains(Path.GetFullPath(s.Image.Source)));
// What `fit --exclude-suspects` would leave out of this report's suspects.
var cleaned = DataCleaner.SuspectsToExclude(report).ToList();
int cleanedFlips = cleaned.Count(s => flipped.Contains(Path.GetFullPath(s.Image.Source)));
string cutClass = root.GetProperty("cut_class").GetString()!;
int cutLabel = report.ClassNames.ToList().IndexOf(cutClass);
bool cutFlagged = report.Balance.SmallestClasses.FirstOrDefault(-1) == cutLabel;

var machine = InferenceTuner.MachineDescription();
var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
var figures = new
{
    machine,
    date,
    command,
    trainImages = imported.Train.Count,
    importSeconds,
    analysisSeconds,
    corrupt = new { planted = corrupt.Count, found = corruptFound },
    leaks = new { planted = leaks.Count, found = leaksFound, otherCrossSplitPairs = otherCrossSplit },
    duplicates = new { exact = report.Duplicates.Count(d => d.Kind == DuplicateKind.Exact), near = report.Duplicates.Count(d => d.Kind == DuplicateKind.Near) },
    labels = new { planted = flipped.Count, suspects = report.LabelSuspects.Count, top, flippedInTop, recallInTop = (double)flippedInTop / flipped.Count, precisionInTop = (double)flippedInTop / Math.Min(top, Math.Max(1, report.LabelSuspects.Count)), flippedAnywhere },
    excludeSuspects = new { leftOut = cleaned.Count, flipped = cleanedFlips, precision = (double)cleanedFlips / Math.Max(1, cleaned.Count), recall = (double)cleanedFlips / flipped.Count },
    balance = new { cutClass, ratio = report.Balance.ImbalanceRatio, cutFlagged, report.Balance.IsImbalanced },
    outliers = report.Outliers.Count,
    oddImages = report.OddImages.Count,
    report.LabelModel,
};
Console.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));

var results = BenchPaths.Results;
File.WriteAllText(Path.Combine(results, $"data-quality{variant}.json"), JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
var md = new StringBuilder();
md.AppendLine("# Data quality: planted problems found");
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine}, no GPU. Date: {date}.");
md.AppendLine(CultureInfo.InvariantCulture, $"- Data: `/usr/bin/python3 bench/datasets/plant-problems.py /work/data/fashion-mnist-folders {args[0]}` (Fashion-MNIST as PNG folders, seed 0), then `{command}`.");
md.AppendLine(CultureInfo.InvariantCulture, $"- {imported.Train.Count:N0} training and {imported.Test?.Count ?? 0:N0} test images read in {importSeconds:0} s; analysis took {analysisSeconds:0} s, of which the {report.LabelModel?.Folds}-fold label model {report.LabelModel?.Seconds:0} s ({report.LabelModel?.Model}, {report.LabelModel?.Epochs} epochs per fold, out-of-fold accuracy {report.LabelModel?.OutOfFoldAccuracy:0.000} against the noisy labels).");
md.AppendLine();
md.AppendLine("| planted problem | planted | found | criterion |");
md.AppendLine("|---|---:|---:|---|");
md.AppendLine(CultureInfo.InvariantCulture, $"| corrupt files (truncated, random bytes, empty, text, header only) | {corrupt.Count} | {corruptFound} listed as unreadable | all |");
md.AppendLine(CultureInfo.InvariantCulture, $"| test images copied into train | {leaks.Count} | {leaksFound} cross-split pairs ({otherCrossSplit} other cross-split pairs found) | all |");
md.AppendLine(CultureInfo.InvariantCulture, $"| flipped training labels | {flipped.Count} | {flippedInTop} in the top {top} suspects ({(double)flippedInTop / flipped.Count:P1}); {flippedAnywhere} among all {report.LabelSuspects.Count} suspects | ≥ 70 % in the top 2 × planted |");
md.AppendLine(CultureInfo.InvariantCulture, $"| class cut to a tenth ({cutClass}) | 1 | {(cutFlagged ? "smallest class" : "not flagged")}, imbalance ratio {report.Balance.ImbalanceRatio:0.0} | flagged |");
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"`fit --exclude-suspects` would leave out {cleaned.Count:N0} of the suspects (DataCleaner.SuspectsToExclude), {cleanedFlips:N0} of them planted flips: {(double)cleanedFlips / Math.Max(1, cleaned.Count):P1} precision, {(double)cleanedFlips / flipped.Count:P1} of the flips.");
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"Also reported: {report.Duplicates.Count(d => d.Kind == DuplicateKind.Exact)} exact and {report.Duplicates.Count(d => d.Kind == DuplicateKind.Near)} near duplicate pairs in all, {report.Outliers.Count} outliers, {report.OddImages.Count} odd-sized images.");
File.WriteAllText(Path.Combine(results, $"data-quality{variant}.md"), md.ToString());
return 0;
