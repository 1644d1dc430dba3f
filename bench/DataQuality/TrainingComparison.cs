using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Inference;
using AutoDL.Tasks.ImageClassification;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Quality;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;

namespace AutoDL.Bench.DataQuality;

/// <summary>
/// Do class balancing and leaving out the likely label errors help? Fit's default recipe for the data (ResNet(3,1,16),
/// AdamW 2e-2 one-cycle, label smoothing 0.1, crop 2, flip when the data looks mirror-symmetric, class-weighted loss
/// and selection on balanced accuracy when the classes are imbalanced) trains on the dirty set as fit does, and
/// without the suspects as `fit --exclude-suspects` does (with the class weights that keep each class's share). Copies of test images are left out of all, as fit always does. All
/// are measured on the test split, whose labels were never flipped.
/// </summary>
internal static class TrainingComparison
{
    /// <summary>
    /// Long enough for a network to start fitting the flipped labels: at 6 epochs (data-quality-training-6-epochs.md),
    /// with label smoothing, the dirty set cost nothing measurable, so cleaning had nothing to win back.
    /// </summary>
    public const int DefaultEpochs = 20;
    public static readonly int[] DefaultSeeds = [0, 1];

    private enum LeftOut { Nothing, Suspects, PlantedFlips, SuspectsAndPlantedFlips }

    private sealed record Arm(string Key, string Name, LeftOut LeftOut);

    // Balancing against none is measured in data-quality-training-global-estimate.md (+3.7 points); these arms
    // test what is left to decide, whether leaving the suspects out helps. The oracle knows the plant: it shows
    // what a perfect cleaner could win back from the flips at all.
    public static readonly string[] DefaultArms = ["dirty", "suspects"];

    private static readonly Arm[] Arms =
    [
        new("dirty", "dirty (fit's default)", LeftOut.Nothing),
        new("suspects", "suspects left out (--exclude-suspects)", LeftOut.Suspects),
        new("oracle", "planted flips left out (oracle)", LeftOut.PlantedFlips),
        // The suspects' wrongly accused images left out as well as every flip: is what the cleaner misses the flips it
        // keeps, or the correct images it takes?
        new("suspects-and-flips", "suspects and every planted flip left out", LeftOut.SuspectsAndPlantedFlips),
    ];

    /// <summary>The arms named, in their fixed order; throws on an unknown name.</summary>
    private static Arm[] Select(IReadOnlyCollection<string> keys) =>
        keys.FirstOrDefault(k => Arms.All(a => a.Key != k)) is { } unknown
            ? throw new ArgumentException($"Unknown arm '{unknown}'; the arms are {string.Join(", ", Arms.Select(a => a.Key))}.")
            : Arms.Where(a => keys.Contains(a.Key)).ToArray();

    /// <summary>
    /// Trains each arm for <paramref name="epochs"/> epochs and writes the table; <paramref name="flipped"/> (full paths
    /// of the images whose labels were planted wrong) says how many of the left-out suspects were really wrong.
    /// </summary>
    public static int Run(ImportedData data, QualityReport report, IReadOnlySet<string> flipped, int epochs, IReadOnlyCollection<string> armKeys, IReadOnlyList<int> seeds, string results, string arguments)
    {
        var arms = Select(armKeys);
        var test = data.Test ?? throw new InvalidOperationException("The data needs a test split.");
        var rows = new List<object>();
        var table = new StringBuilder();
        string recipe = "";
        foreach (var arm in arms)
        {
            var (cleaned, excluded) = DataCleaner.Clean(data, report, arm.LeftOut is LeftOut.Suspects or LeftOut.SuspectsAndPlantedFlips);
            int plantedLeftOut = 0;
            if (arm.LeftOut is LeftOut.PlantedFlips or LeftOut.SuspectsAndPlantedFlips)
            {
                var sources = cleaned.Train.Sources ?? throw new InvalidOperationException("The training set lists no sources.");
                var kept = Enumerable.Range(0, cleaned.Train.Count).Where(i => !flipped.Contains(Path.GetFullPath(sources[i]))).ToList();
                plantedLeftOut = cleaned.Train.Count - kept.Count;
                cleaned = cleaned with { Train = cleaned.Train.Subset(kept) };
            }
            var suspects = excluded.Where(e => e.Reason == ExclusionReason.LabelSuspect).ToList();
            int suspectsFlipped = suspects.Count(e => flipped.Contains(Path.GetFullPath(e.Image.Source)));
            int flippedLeft = cleaned.Train.Sources?.Count(source => flipped.Contains(Path.GetFullPath(source))) ?? throw new InvalidOperationException("The training set lists no sources.");
            var priorWeights = DataCleaner.TrainCountsBeforeSuspects(data, cleaned, excluded) is { } before ? ClassWeights.RestorePriors(before, cleaned.Train.ClassCounts()) : null;
            if (priorWeights is not null)
            {
                Console.WriteLine($"{arm.Name}: prior-restoring weights {string.Join(", ", priorWeights.Select((w, k) => string.Create(CultureInfo.InvariantCulture, $"{data.Train.ClassNames[k]} {w:0.000}")))}");
            }
            foreach (int seed in seeds)
            {
                var (train, validation) = StratifiedSplitter.Split(cleaned.Train, 0.1, seed);
                var stats = NormalizationStats.Compute(train);
                var traits = DataTraits.Measure(train);
                var point = ImageClassificationSearchSpace.Default(epochs, width: 16, traits);
                var model = ImageClassificationSearchSpace.ToModel(point, data.Shape);
                var training = ImageClassificationSearchSpace.ToTraining(point);
                recipe = $"{model.Family} ({model.Describe()}), {training.Describe()}";
                var request = new TrainingRequest(model, training, new ClassificationTraining(train, validation, stats)
                {
                    Metric = traits.Metric,
                    // The same weights fit uses after leaving suspects out: every class back to its share of the loss.
                    ClassWeights = priorWeights,
                }, seed);
                var result = new Trainer().Train(request);
                var testReport = TestSetEvaluation.Evaluate(model, stats, result.BestWeights!, test);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{arm.Name}, seed {seed}: {train.Count} training images, {training.Describe()}, test accuracy {testReport.Accuracy:0.0000}, balanced {testReport.BalancedAccuracy:0.0000} ({result.Seconds:0} s)"));
                rows.Add(new { arm = arm.Name, seed, excluded = excluded.Count + plantedLeftOut, suspectsExcluded = suspects.Count, suspectsFlipped, flippedLeft, train = train.Count, metric = traits.Metric.Name(), balancing = training.Balancing.ToString(), flip = training.EffectiveAugmentation.HorizontalFlip, testAccuracy = testReport.Accuracy, testBalancedAccuracy = testReport.BalancedAccuracy, testMacroF1 = testReport.MacroF1, testRecallByClass = testReport.PerClass.Select(c => c.Recall).ToArray(), seconds = result.Seconds });
                table.AppendLine(CultureInfo.InvariantCulture, $"| {arm.Name} | {seed} | {excluded.Count + plantedLeftOut:N0} | {suspects.Count:N0} ({suspectsFlipped:N0}) | {flippedLeft:N0} | {train.Count:N0} | {training.Balancing} | {testReport.Accuracy:0.0000} | {testReport.BalancedAccuracy:0.0000} |");
            }
        }
        var machine = InferenceTuner.MachineDescription();
        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var command = $"dotnet run -c Release --project bench/DataQuality -- {arguments}";
        // The default comparison keeps its file name; another choice of arms or seeds gets its own.
        string name = "data-quality-training"
            + (armKeys.Order().SequenceEqual(DefaultArms.Order()) ? "" : $"-{string.Join('-', arms.Select(a => a.Key))}")
            + (seeds.SequenceEqual(DefaultSeeds) ? "" : $"-seeds-{string.Join('-', seeds)}");
        File.WriteAllText(Path.Combine(results, name + ".json"), JsonSerializer.Serialize(new { machine, date, command, recipe, rows }, new JsonSerializerOptions { WriteIndented = true }));
        var md = new StringBuilder();
        md.AppendLine("# Training with class balancing and without the label suspects");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine}, no GPU. Date: {date}. Command: `{command}`.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Recipe: fit's default for this data, {recipe}; {epochs} epochs; 10 % of the training images validate (stratified, by seed); the best epoch is chosen on the validation metric (balanced accuracy where the classes are imbalanced).");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Every arm leaves out the copies of test images (as fit always does). The suspects arm also leaves out label suspects as `fit --exclude-suspects` does (DataCleaner.SuspectsToExclude): those whose given label the out-of-fold model gives less than 1/(5K) probability, per class no more than confident learning estimates wrong in that class ({report.EstimatedLabelErrors:N0} in all, of {report.LabelSuspects.Count:N0} suspects), at most half of any class; a recipe that does not balance the classes would also weight each class back to its share before cleaning, but this one balances them by the loss, which gives every class the same share (ClassWeights.ForLoss). The oracle arm instead leaves out exactly the planted flips, which no real cleaner knows: the most any cleaning could win back; the suspects-and-flips arm leaves out both. Test labels were never flipped.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- {flipped.Count:N0} training labels were planted wrong. \"Suspects left out (flipped)\": label suspects left out, and how many of them were planted flips; \"flipped kept\": planted flips still in the training set (before the validation split).");
        md.AppendLine();
        md.AppendLine("| training set | seed | images left out | suspects left out (flipped) | flipped kept | training images | balancing | test accuracy | test balanced accuracy |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|---:|---:|");
        md.Append(table);
        File.WriteAllText(Path.Combine(results, name + ".md"), md.ToString());
        return 0;
    }
}
