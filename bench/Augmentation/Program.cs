// What the augmentation rules decide, and what each augmentation buys.
//
//   dotnet run -c Release --project bench/Augmentation -- --rules DATA [DATA ...]
//     the mirror score (MirrorSymmetry) and class imbalance of each data set, and so whether the search may flip and
//     selects on balanced accuracy (bench/results/augmentation-rules.md)
//   dotnet run -c Release --project bench/Augmentation -- --arms NAME DATA EPOCHS TRAIN_IMAGES ARM [ARM ...]
//     trains fit's default recipe (ResNet(3,1,16), AdamW 2e-2 one-cycle, label smoothing 0.1, crop 2) on a stratified
//     subset of DATA's training split, once per augmentation arm, and measures each on DATA's test split
//     (bench/results/augmentation-NAME.md). Arms: basic, flip, trivialaugment, erasing, mixup, cutmix; every arm but
//     basic adds its augmentation to crop and flip.
using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Bench;
using AutoDL.Data;
using AutoDL.Data.Augmentation;
using AutoDL.Inference;
using AutoDL.Tasks.ImageClassification;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;

var machine = InferenceTuner.MachineDescription();
var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
var command = $"dotnet run -c Release --project bench/Augmentation -- {string.Join(' ', args)}";

if (args is ["--rules", .. var paths] && paths.Length > 0)
{
    var md = new StringBuilder();
    md.AppendLine("# Augmentation and balance rules: what the data decides");
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine}. Date: {date}. Command: `{command}`.");
    md.AppendLine(CultureInfo.InvariantCulture, $"- Mirror score: the share of a nearest-class-mean classifier's accuracy (means and images from up to 300 training images per class) that it keeps on the same images mirrored left to right. At {MirrorSymmetry.SafeThreshold} and above the search may flip images; below, flipping is left out of the search. The default recipe never flips.");
    md.AppendLine("- Imbalance: largest over smallest class of the training split; fit selects on balanced accuracy and searches class balancing from 4:1.");
    md.AppendLine();
    md.AppendLine("| data | training images | classes | mirror score | search may flip | imbalance | selects on |");
    md.AppendLine("|---|---:|---:|---:|---|---:|---|");
    foreach (var path in paths)
    {
        var train = DataImporter.Import(path, new ImportOptions()).Train;
        var counts = train.ClassCounts();
        var traits = DataTraits.Measure(train);
        double score = MirrorSymmetry.Score(train, train.Labels, train.ClassNames.Count);
        md.AppendLine(CultureInfo.InvariantCulture, $"| `{path}` | {train.Count:N0} | {counts.Length} | {score:0.000} | {(traits.FlipLooksSafe ? "yes" : "no")} | {(double)counts.Max() / Math.Max(1, counts.Min()):0.0}:1 | {traits.Metric.Name()} |");
        Console.WriteLine($"{path}: mirror score {score:0.000}, flip {traits.FlipLooksSafe}, metric {traits.Metric.Name()}");
    }
    File.WriteAllText(Path.Combine(BenchPaths.Results, "augmentation-rules.md"), md.ToString());
    return 0;
}

if (args is ["--arms", var name, var dataPath, var epochsText, var imagesText, .. var armNames] && armNames.Length > 0)
{
    int epochs = int.Parse(epochsText, CultureInfo.InvariantCulture);
    int images = int.Parse(imagesText, CultureInfo.InvariantCulture);
    var data = DataImporter.Import(dataPath, new ImportOptions());
    var test = data.Test ?? throw new InvalidOperationException($"{dataPath} has no test split.");
    var (rest, validation) = StratifiedSplitter.Split(data.Train, 0.1, 1);
    var train = images < rest.Count ? StratifiedSplitter.Split(rest, 1 - (double)images / rest.Count, 2).Kept : rest;
    var stats = NormalizationStats.Compute(train);
    var model = ImageClassificationSearchSpace.ToModel(ImageClassificationSearchSpace.Default(epochs, width: 16), train.Shape);
    var rows = new List<object>();
    var table = new StringBuilder();
    foreach (var arm in armNames)
    {
        var basic = ImageClassificationSearchSpace.ToTraining(ImageClassificationSearchSpace.Default(epochs, width: 16));
        var flipped = new AugmentationConfig(2, HorizontalFlip: true);
        var augmentation = arm switch
        {
            "basic" => basic.EffectiveAugmentation,
            "flip" => flipped,
            "trivialaugment" => flipped with { Magnitude = 0.5 },
            "erasing" => flipped with { ErasingProbability = 0.25 },
            "mixup" => flipped with { Mix = MixKind.Mixup },
            "cutmix" => flipped with { Mix = MixKind.CutMix },
            _ => throw new ArgumentException($"Unknown arm '{arm}'."),
        };
        var training = basic with { Augmentation = augmentation };
        var result = new Trainer().Train(new TrainingRequest(model, training, new ClassificationTraining(train, validation, stats), Seed: 0));
        var report = TestSetEvaluation.Evaluate(model, stats, result.BestWeights!, test);
        double imagesPerSecond = result.History.Count * train.Count / result.History.Sum(h => h.Seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{arm}: test accuracy {report.Accuracy:0.0000}, best validation {result.BestValidationScore:0.0000} at epoch {result.BestEpoch}, {result.Seconds:0} s"));
        rows.Add(new { arm, augmentation = augmentation.Describe(), testAccuracy = report.Accuracy, validationAccuracy = result.BestValidationScore, bestEpoch = result.BestEpoch, seconds = result.Seconds, imagesPerSecond });
        table.AppendLine(CultureInfo.InvariantCulture, $"| {arm} | {augmentation.Describe()} | {report.Accuracy:0.0000} | {result.BestValidationScore:0.0000} | {result.Seconds:0} |");
        Write();
    }
    return 0;

    // Rewritten after every arm, so a long run keeps what it has measured.
    void Write()
    {
        File.WriteAllText(Path.Combine(BenchPaths.Results, $"augmentation-{name}.json"), JsonSerializer.Serialize(new { machine, date, command, model = model.Describe(), epochs, trainImages = train.Count, rows }, new JsonSerializerOptions { WriteIndented = true }));
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Augmentation arms: {name}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine}, no GPU. Date: {date}. Command: `{command}`.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- {model.Family} ({model.Describe()}), fit's default recipe otherwise, {epochs} epochs, {train.Count:N0} training images (stratified subset), {validation.Count:N0} validate, seed 0; tested on all {test.Count:N0} test images. One seed: differences under about half a point are within run-to-run noise. Seconds are wall time, longer when other jobs share the machine.");
        md.AppendLine();
        md.AppendLine("| arm | augmentation | test accuracy | validation accuracy | seconds |");
        md.AppendLine("|---|---|---:|---:|---:|");
        md.Append(table);
        File.WriteAllText(Path.Combine(BenchPaths.Results, $"augmentation-{name}.md"), md.ToString());
    }
}

Console.Error.WriteLine("usage: --rules DATA [DATA ...] | --arms NAME DATA EPOCHS TRAIN_IMAGES ARM [ARM ...]");
return 2;
