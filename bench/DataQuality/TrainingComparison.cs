using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Inference;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification;
using AutoDL.Training;

namespace AutoDL.Bench.DataQuality;

/// <summary>
/// Does leaving out the likely label errors help? The same recipe (fit's default: ResNet(3,1,16), AdamW 2e-2 one-cycle,
/// label smoothing 0.1, crop 2) trains on the dirty training set and on it without the suspects; copies of test
/// images are left out of both, as fit always does. Both are measured on the test split, whose labels were
/// never flipped.
/// </summary>
internal static class TrainingComparison
{
    private const int Epochs = 6;
    private static readonly int[] Seeds = [0, 1];

    public static int Run(ImportedData data, QualityReport report, string results, string arguments)
    {
        var test = data.Test ?? throw new InvalidOperationException("The data needs a test split.");
        var point = ImageClassificationSearchSpace.Default(Epochs, width: 16);
        var model = ImageClassificationSearchSpace.ToModel(point, data.Shape);
        var training = ImageClassificationSearchSpace.ToTraining(point);
        var rows = new List<object>();
        var table = new StringBuilder();
        foreach (bool exclude in new[] { false, true })
        {
            var (cleaned, excluded) = DataCleaner.Clean(data, report, exclude);
            foreach (int seed in Seeds)
            {
                var (train, validation) = StratifiedSplitter.Split(cleaned.Train, 0.1, seed);
                var stats = NormalizationStats.Compute(train);
                var result = new Trainer().Train(new TrainingRequest(model, training, train, validation, stats, seed));
                var accuracy = TestAccuracy(model, stats, result.BestWeights!, test);
                string arm = exclude ? "suspects left out" : "dirty";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{arm}, seed {seed}: {train.Count} training images, test accuracy {accuracy:0.0000} ({result.Seconds:0} s)"));
                rows.Add(new { arm, seed, excluded = excluded.Count, train = train.Count, testAccuracy = accuracy, seconds = result.Seconds });
                table.AppendLine(CultureInfo.InvariantCulture, $"| {arm} | {seed} | {excluded.Count:N0} | {train.Count:N0} | {accuracy:0.0000} |");
            }
        }
        var machine = InferenceTuner.MachineDescription();
        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var command = $"dotnet run -c Release --project bench/DataQuality -- {arguments}";
        File.WriteAllText(Path.Combine(results, "data-quality-training.json"), JsonSerializer.Serialize(new { machine, date, command, model = model.Describe(), training = training.Describe(), rows }, new JsonSerializerOptions { WriteIndented = true }));
        var md = new StringBuilder();
        md.AppendLine("# Training without the label suspects");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine}, no GPU. Date: {date}. Command: `{command}`.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Recipe: fit's default, {model.Family} ({model.Describe()}), {training.Describe()}; 10 % of the training images validate (stratified, by seed); best epoch by validation accuracy.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Both arms leave out the copies of test images (as fit always does); the second also leaves out the {report.EstimatedLabelErrors:N0} most suspect labels, as many as the report estimates are wrong (of {report.LabelSuspects.Count:N0} suspects), as `fit --exclude-suspects` does. Test labels were never flipped.");
        md.AppendLine();
        md.AppendLine("| training set | seed | images left out | training images | test accuracy |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        md.Append(table);
        File.WriteAllText(Path.Combine(results, "data-quality-training.md"), md.ToString());
        return 0;
    }

    private static double TestAccuracy(ModelConfig model, NormalizationStats stats, byte[] weights, ImageDataset test)
    {
        var path = Path.Combine(Path.GetTempPath(), $"autodl-bench-{Guid.NewGuid():N}.adlpk");
        try
        {
            ModelPackage.Write(path, new PackageManifest
            {
                Task = "image-classification",
                ClassNames = test.ClassNames,
                Input = test.Shape,
                Preprocessing = new Preprocessing("shorter-side-fit-centre-crop", stats.Mean, stats.Std),
                Model = model,
                Metrics = new PackageMetrics(0, null),
            }, weights);
            using var predictor = Predictor.Load(path, new PredictorOptions { Backend = InferenceBackend.Torch });
            return predictor.Evaluate(test).Accuracy;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
