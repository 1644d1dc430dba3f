using System.Text.Json;
using AutoDL.Data.Quality;
using AutoDL.Events;
using AutoDL.Packaging;
using AutoDL.Search.Storage;
using AutoDL.Tasks.ImageClassification.Evaluation;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Tasks.ImageClassification;

/// <summary>The whole fit on the sample that ships with the repository.</summary>
[Collection(TorchCollection.Name)]
public sealed class AutoFitTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("autodl-fit-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    private static string Sample() => RepositoryPaths.Sample;

    [Fact]
    public void Fit_ends_within_its_time_limit_plus_five_percent_and_one_epoch()
    {
        var limit = TimeSpan.FromSeconds(40);
        var progress = new List<FitProgress>();

        var result = AutoFit.Run(new FitOptions(Sample(), _output) { TimeLimit = limit, Seed = 3 }, new SynchronousProgress<FitProgress>(progress.Add));

        double longestEpoch = progress.Where(p => p.Stage == FitStage.Epoch).Select(p => p.Elapsed).Zip(progress.Where(p => p.Stage == FitStage.Epoch).Skip(1).Select(p => p.Elapsed), (a, b) => (b - a).TotalSeconds).DefaultIfEmpty(0).Max();
        Assert.True(result.Elapsed.TotalSeconds <= limit.TotalSeconds * 1.05 + longestEpoch, $"took {result.Elapsed.TotalSeconds:0.0}s for a {limit.TotalSeconds}s limit (longest epoch {longestEpoch:0.0}s)");
        Assert.True(result.Leaderboard.Rows.Count >= 2, "the search should get past the default configuration");
        Assert.True(File.Exists(result.PackagePath));
        // The sample trains on ~800 images: only batches of 64 leave an epoch eight steps, so the defaults train with 64,
        // and the first look, at the smallest batch, does too.
        Assert.Contains(progress, p => p.Event is BatchSizeChosen { BatchSize: 64 });
        Assert.All(result.Leaderboard.Rows.Where(r => r.Trial <= 1), r => Assert.Contains("batch_size=64 ", r.Hyperparameters, StringComparison.Ordinal));
        // Every choice of what to train says why, and the learning-rate range test, which only the search uses, never
        // runs before the defaults are planned.
        int lastPlan = progress.FindLastIndex(p => p.Event is TrainingPlanned);
        Assert.True(lastPlan >= 0, "the fit should say what it planned");
        int rangeTest = progress.FindIndex(p => p.Event is LearningRateRangeTested or LearningRateRangeTestSkipped);
        Assert.True(rangeTest == -1 || rangeTest > lastPlan, "the range test ran before the defaults");
    }

    [Fact]
    public void The_package_holds_the_best_trial_and_reproduces_the_test_accuracy()
    {
        var progress = new List<FitProgress>();
        var result = AutoFit.Run(new FitOptions(Sample(), _output) { TimeLimit = TimeSpan.FromSeconds(30), MaxTrials = 2, Seed = 5 }, new SynchronousProgress<FitProgress>(progress.Add));

        var (manifest, _) = ModelPackage.Read(result.PackagePath);
        // Clothes keep their labels mirrored, so the fit weighs test-time flip on validation, and the package says what it chose.
        var flip = Assert.Single(progress.Select(p => p.Event).OfType<TestTimeFlipWeighed>());
        Assert.Equal(flip.Used, manifest.TestTimeFlip);
        // When a second trial trained an epoch, the fit weighs averaging the best with it on validation, and the package holds what it chose.
        var ensemble = progress.Select(p => p.Event).OfType<EnsembleWeighed>().ToList();
        Assert.Equal(result.Leaderboard.Rows.Count(r => r.Epochs > 0) >= 2 ? 1 : 0, ensemble.Count);
        Assert.Equal(ensemble.Count == 1 && ensemble[0].Used ? 1 : 0, manifest.Ensemble.Count);
        Assert.Equal(manifest.Ensemble.Select(m => m.SearchTrial!.Value), result.EnsembleTrials);
        Assert.NotNull(manifest.Metrics.FinalValidationScore);
        Assert.Equal(10, manifest.ClassNames.Count);
        Assert.Equal(result.Leaderboard.Rows[0].ValidationMetric, manifest.Metrics.ValidationScore);
        var test = Assert.IsType<ClassificationReport>(result.Test);
        Assert.Equal(test.Accuracy, manifest.Metrics.TestScores!["accuracy"]);
        Assert.Equal(test.Accuracy, manifest.Metrics.Test!.Value.GetProperty("accuracy").GetDouble());
        Assert.Equal(100, test.Count);
        Assert.True(test.Accuracy > 0.2, $"test accuracy {test.Accuracy} is no better than chance");
        var evaluated = Assert.Single(progress.Select(p => p.Event).OfType<TestEvaluated>());
        Assert.Equal(test.Accuracy, evaluated.Scores["accuracy"]);
        // 90 validation images are enough to calibrate on: the package divides its logits by the temperature fit chose,
        // which does not make the validation log-likelihood worse, and the test report gives the figures with and without it.
        Assert.InRange(manifest.Data!.ValidationCount, AutoDL.Tasks.ImageClassification.ImageClassificationEvaluator.FewestToCalibrate, 100);
        var calibrated = Assert.Single(progress.Select(p => p.Event).OfType<ConfidenceCalibrated>());
        Assert.Equal(calibrated.Temperature, manifest.Calibration!.Temperature);
        Assert.True(calibrated.NllAfter <= calibrated.NllBefore + 1e-9, $"validation NLL {calibrated.NllBefore} → {calibrated.NllAfter}");
        Assert.Equal(calibrated.Temperature, test.Temperature);
        Assert.NotNull(test.Uncalibrated);
        Assert.NotNull(test.Confidence);
        Assert.True(File.Exists(result.ReportPath), "fit writes report.html");
        Assert.Single(progress.Select(p => p.Event).OfType<FitFinished>());

        var imported = AutoDL.Tasks.ImageClassification.Data.DataImporter.Import(Sample(), new AutoDL.Tasks.ImageClassification.Data.ImportOptions { TargetShape = manifest.Input, ClassNames = manifest.ClassNames });
        Assert.NotNull(ModelPackage.ReadContents(result.PackagePath).Onnx);
        using var onnx = Predictor.Load(result.PackagePath, new PredictorOptions { Backend = InferenceBackend.Onnx });
        using var torch = Predictor.Load(result.PackagePath, new PredictorOptions { Backend = InferenceBackend.Torch });
        var onnxReport = onnx.Evaluate(imported.Train);
        var torchReport = torch.Evaluate(imported.Train);
        Assert.Equal(1000, onnxReport.Count);
        Assert.Equal(torchReport.ConfusionMatrix, onnxReport.ConfusionMatrix);
        Assert.Equal(torchReport.Confidence!.NegativeLogLikelihood, onnxReport.Confidence!.NegativeLogLikelihood, 1e-4);
        // The package profiles its training embeddings; both engines give each image the same distance to them.
        Assert.NotNull(AutoDL.Monitoring.EmbeddingProfile.From(manifest.Monitoring));
        var images = Enumerable.Range(0, 20).Select(i => imported.Train.Image(i).ToArray()).ToList();
        var fromOnnx = onnx.PredictPixels(images);
        var fromTorch = torch.PredictPixels(images);
        for (int i = 0; i < images.Count; i++)
        {
            Assert.InRange(fromTorch[i].OutOfDistribution!.Value, 0, 1);
            Assert.Equal(fromTorch[i].FeatureDistance!.Value, fromOnnx[i].FeatureDistance!.Value, 1e-3 * Math.Max(1, fromTorch[i].FeatureDistance!.Value));
        }

        // events.jsonl and the study hold every event the caller saw but batch ticks and intermediate import counts, in
        // order, each as its typed event.
        var text = File.ReadAllLines(Path.Combine(_output, "events.jsonl"));
        var kept = progress.Where(p => p.Event is not BatchProgressed && !(p.Event is ImportProgressed i && i.Done != i.Total)).ToList();
        var read = text.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").Deserialize<FitEvent>(FitEventLog.JsonOptions)!).ToList();
        Assert.Equal(kept.Select(p => (p.Event.GetType(), p.Message)), read.Select(e => (e.GetType(), e.Describe())));
        Assert.Equal(result.Leaderboard.Rows.Count, read.OfType<TrialEnded>().Count());
        using var study = new SqliteStudyStore(Path.Combine(_output, SqliteStudyStore.FileName));
        Assert.Equal(text, study.Events());
    }

    [Fact]
    public void A_time_limit_too_short_for_one_epoch_is_a_clear_error()
    {
        var error = Assert.Throws<AutoDLException>(() => AutoFit.Run(new FitOptions(Sample(), _output) { TimeLimit = TimeSpan.FromSeconds(1) }));

        Assert.Contains("--time-limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fit_leaves_out_repeated_copies_lists_them_and_records_what_it_used_without_touching_the_files()
    {
        var data = Path.Combine(_output, "data");
        foreach (var folder in Directory.GetDirectories(Sample()))
        {
            var target = Directory.CreateDirectory(Path.Combine(data, Path.GetFileName(folder))).FullName;
            foreach (var file in Directory.GetFiles(folder))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }
        var bags = Directory.GetFiles(Path.Combine(data, "Bag")).Order(StringComparer.Ordinal).Take(3).ToArray();
        var copies = bags.Select(b => Path.Combine(Path.GetDirectoryName(b)!, "copy-" + Path.GetFileName(b))).ToArray();
        for (int i = 0; i < bags.Length; i++)
        {
            File.Copy(bags[i], copies[i]);
        }
        int filesBefore = Directory.GetFiles(data, "*", SearchOption.AllDirectories).Length;
        var run = Path.Combine(_output, "run");

        var progress = new List<FitProgress>();
        AutoFit.Run(new FitOptions(data, run) { TimeLimit = TimeSpan.FromSeconds(30), MaxTrials = 1, Seed = 2 }, new SynchronousProgress<FitProgress>(progress.Add));

        var excluded = File.ReadAllLines(Path.Combine(run, "excluded.csv")).Skip(1).ToList();
        foreach (var copy in copies)
        {
            Assert.Contains(excluded, line => line.Contains(Path.GetFileName(copy), StringComparison.Ordinal) && line.Contains("RepeatedCopy", StringComparison.Ordinal));
        }
        var leftOut = Assert.Single(progress.Select(p => p.Event).OfType<ExamplesLeftOut>(), e => e.Reason == ExclusionReason.RepeatedCopy);
        Assert.Equal(excluded.Count(line => line.Contains("RepeatedCopy", StringComparison.Ordinal)), leftOut.Count);
        var manifest = File.ReadAllLines(Path.Combine(run, "clean-manifest.csv")).Skip(1).ToList();
        Assert.Equal(filesBefore - excluded.Count, manifest.Count);
        Assert.Equal(filesBefore, Directory.GetFiles(data, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Given_imbalanced_classes_when_fit_then_it_selects_on_balanced_accuracy_with_a_weighted_loss()
    {
        // The sample with Bag cut to 10 of its 100 images (10:1), listed in a CSV manifest beside the images.
        var sample = Sample();
        var lines = new List<string> { "path,label" };
        foreach (var folder in Directory.GetDirectories(sample).Order(StringComparer.Ordinal))
        {
            var files = Directory.GetFiles(folder, "*.png").Order(StringComparer.Ordinal).ToList();
            int keep = Path.GetFileName(folder) == "Bag" ? 10 : files.Count;
            lines.AddRange(files.Take(keep).Select(f => $"{f},{Path.GetFileName(folder)}"));
        }
        var manifestPath = Path.Combine(_output, "imbalanced.csv");
        File.WriteAllLines(manifestPath, lines);

        var result = AutoFit.Run(new FitOptions(manifestPath, Path.Combine(_output, "fit")) { TimeLimit = TimeSpan.FromSeconds(45), MaxTrials = 1, Seed = 2 });

        Assert.Equal("balanced_accuracy", result.Leaderboard.Metric);
        var (manifest, _) = ModelPackage.Read(result.PackagePath);
        Assert.Equal("balanced_accuracy", manifest.Metrics.Metric);
        Assert.Equal(AutoDL.Training.ClassBalancing.WeightedLoss, manifest.Training!.Balancing);
        var best = result.Leaderboard.Rows[0];
        Assert.True(best.ValidationMetric == manifest.Metrics.ValidationScore, $"leaderboard {best.ValidationMetric} ({best.State}: {best.Note}) against package {manifest.Metrics.ValidationScore}");
    }
}
