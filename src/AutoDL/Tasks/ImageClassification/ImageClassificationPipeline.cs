using System.Globalization;
using System.Reflection;
using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Evaluation;
using AutoDL.Internal;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Packaging.Onnx;
using AutoDL.Pipeline;
using AutoDL.Search;
using AutoDL.Search.Samplers;
using AutoDL.Search.Samplers.Tpe;
using AutoDL.Search.Schedulers;
using AutoDL.Search.Storage;
using AutoDL.Training;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>Image classification from data to package: import, split, search, evaluate, package.</summary>
internal sealed class ImageClassificationPipeline
{
    /// <summary>
    /// Share of the training time the default configuration gets. A strong default trained to the end of its
    /// schedule is what makes the result good on a short CPU budget; the search spends the rest trying to beat it.
    /// </summary>
    private const double DefaultTrialShare = 0.6;

    /// <summary>
    /// The most of the training time the default configuration may take when even the cheapest one cannot train
    /// <see cref="DefaultTargetEpochs"/> epochs in <see cref="DefaultTrialShare"/>. No trial of the search could then
    /// be trained as far as the default in the time left, so the time is better spent finishing the default's
    /// schedule: on Fashion-MNIST in 10 minutes, the default got 7 epochs and the search's four trials after it
    /// reached at best 0.87 validation accuracy against its 0.92 (bench/results/fit-curve-fashion-mnist.md, 2026-11-26 03:16).
    /// </summary>
    private const double TightBudgetDefaultShare = 0.9;

    /// <summary>
    /// The most of the training time left after the quick default that the second default may take: nearly all, since
    /// search trials trained in what is left after a default did not come near it (see <see cref="Defaults"/>), with a
    /// margin for the noise of the cost estimate.
    /// </summary>
    private const double SecondDefaultShare = 0.9;

    /// <summary>
    /// Epochs the default network should get before a wider one is preferred: on small images a small ResNet
    /// is within about a point of its final accuracy after ten to fifteen one-cycle epochs, so beyond that,
    /// time buys more as width than as epochs.
    /// </summary>
    private const int DefaultTargetEpochs = 12;

    /// <summary>How the importer fits images of another size (see <see cref="ResizePolicy"/> and <see cref="ImageDecoder"/>).</summary>
    private const string ResizeMethod = "shorter-side-fit-centre-crop";

    /// <summary>The most of the time limit the label check may take: a cleaner training set is worth a part of the budget, not most of it.</summary>
    private const double LabelCheckShare = 0.25;

    private readonly FitOptions _options;
    private readonly IProgress<FitProgress>? _progress;

    public ImageClassificationPipeline(FitOptions options, IProgress<FitProgress>? progress)
    {
        _options = options;
        _progress = progress;
    }

    public FitResult Run(CancellationToken cancellationToken)
    {
        using var clock = new FitClock(_options.TimeLimit, cancellationToken);
        CreateOutputDirectory(_options.OutputDirectory);

        var (data, classWeights) = Inspect(Import(clock, cancellationToken), clock, cancellationToken);
        var (train, validation, test) = Split(data);
        var stats = NormalizationStats.Compute(train);
        var traits = DataTraits.Measure(train);
        var metric = traits.Metric;
        ReportTraits(traits, train, clock);
        var summary = new DataSummary(data.Source, data.Format, train.Count, validation.Count, test.Count, train.ClassCounts(), data.Skipped.Count);
        var packagePath = Path.Combine(_options.OutputDirectory, ModelPackage.FileName);

        PackageManifest Manifest(int trial, ModelConfig model, TrainingConfig training, double validationScore, ClassificationReport? testReport = null) => new()
        {
            Task = "image-classification",
            ClassNames = train.ClassNames,
            Input = train.Shape,
            Preprocessing = new Preprocessing(ResizeMethod, stats.Mean, stats.Std),
            Model = model,
            Training = training,
            SearchTrial = trial,
            Metrics = new PackageMetrics(validationScore, testReport) { Metric = metric.Name() },
            Data = summary,
            Libraries = LibraryVersions(),
            CreatedUtc = DateTimeOffset.UtcNow,
        };

        var keeper = new BestModelKeeper(packagePath, metric.Direction(), (n, m, t, v) => Manifest(n, m, t, v));
        var runner = new ImageClassificationTrialRunner(train, validation, stats, keeper, clock, Report, _options.Seed)
        {
            Metric = metric,
            ClassWeights = classWeights,
        };
        using var store = OpenStudy(summary, train.ClassNames);
        bool resuming = store.Trials().Count > 0;
        if (resuming)
        {
            keeper.RestoreFromDisk();
            Report(clock.Progress(FitStage.Resuming, StudyOpening.DescribeResume(store.Trials(), keeper.Best?.ValidationScore)) with { BestSoFar = keeper.Best?.ValidationScore });
        }
        var constraints = new TrialConstraints(train.Shape, train.ClassNames.Count)
        {
            MaxParameters = _options.MaxParameters,
            MaxMultiplyAdds = _options.MaxMultiplyAdds,
        };
        var calibration = resuming
            ? RecipeCalibration.Load(store) ?? RecipeCalibration.None
            : RecipeCalibration.Measure(runner, p => constraints.Check(p, []), traits, train.Count, clock, message => Report(clock.Progress(FitStage.Calibrating, message)), clock.TrainingToken);
        calibration.Save(store);
        var space = ImageClassificationSearchSpace.For(traits, calibration.SuggestedLearningRate, calibration.BatchSize);
        Leaderboard.DescribeIn(store, space, metric.Name(), metric.Direction());
        var ladder = ImageClassificationSearchSpace.DefaultLadder(traits, calibration.BatchSize);
        var study = new Study(space, NewSampler(), NewScheduler(), store, metric.Direction(), _options.Seed) { Constraint = constraints.Check, CanStart = runner.CanStart };
        study.TrialStarted += t => Report(clock.Progress(FitStage.TrialStarted, $"trial {t.Number}: {space.Describe(t.Params)}") with { Trial = t.Number, BestSoFar = keeper.Best?.ValidationScore });
        study.TrialEnded += t => Report(clock.Progress(FitStage.TrialEnded, string.Create(CultureInfo.InvariantCulture, $"trial {t.Number} {t.State.ToString().ToLowerInvariant()}: validation {metric.Name().Replace('_', ' ')} {t.Value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-"} after {t.Intermediate.Count} epochs in {t.Seconds:0}s ({t.Note})")) with { Trial = t.Number, BestSoFar = keeper.Best?.ValidationScore });

        // A resumed study has had its defaults (or retries them if they were cut off); it goes on searching.
        var defaults = resuming ? [] : Defaults(runner, clock, ladder, train, validation, test, traits);
        if (resuming)
        {
            ReserveFinishTime(runner.MeasureCost(ladder[0]), clock, validation, test, traits, members: 2);
        }
        if (study.Optimize(runner, defaults, _options.MaxTrials, clock.TrainingToken) == StudyEnd.NothingFits)
        {
            Report(clock.Progress(FitStage.TrialEnded, string.Create(CultureInfo.InvariantCulture,
                $"search ends early: none of the last {Study.MaxConsecutiveMisfits} proposals fits in the {clock.TrainingTimeLeft.TotalSeconds:0}s left")));
        }

        var best = keeper.Best ?? throw NoModel(study.Trials);
        var (final, finalScore) = ChooseFinalModel(best, keeper.RunnerUp, validation, stats, metric, traits, message => Report(clock.Progress(FitStage.Finishing, message)));
        Report(clock.Progress(FitStage.Finishing, $"evaluating the final model ({Describe(final)}) on {test.Count} test images"));
        var testReport = ClassificationReport.FromProbabilities(test.Labels, final.Predict(test, stats), test.ClassNames);
        var manifest = Manifest(best.Trial, best.Model, best.Training, best.ValidationScore, testReport) with
        {
            TestTimeFlip = final.TestTimeFlip,
            Ensemble = [.. final.Others.Select(m => new EnsembleMember(m.Model, m.Trial, m.ValidationScore))],
        };
        manifest = manifest with { Metrics = manifest.Metrics with { FinalValidationScore = finalScore } };
        byte[][] ensembleWeights = [.. final.Others.Select(m => m.Weights)];
        var contents = new PackageContents(packagePath, manifest, best.Weights, null) { EnsembleWeights = ensembleWeights };
        var onnx = ExportOnnx(contents, message => Report(clock.Progress(FitStage.Finishing, message)));
        try
        {
            ModelPackage.Write(packagePath, manifest, best.Weights, onnx, ensembleWeights);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BestModelKeeper.CannotWrite(packagePath, e);
        }
        var leaderboard = Leaderboard.FromTrials(study.Trials, space, metric.Name(), metric.Direction());
        leaderboard.Write(_options.OutputDirectory);
        return new FitResult(packagePath, leaderboard, testReport, data.Skipped, clock.Elapsed)
        {
            EnsembleTrials = [.. final.Others.Select(m => m.Trial)],
            TestTimeFlip = final.TestTimeFlip,
        };

        void Report(FitProgress p) => _progress?.Report(p);
    }

    private AutoDLException NoModel(IReadOnlyList<TrialRecord> trials)
    {
        var rejected = trials.Where(t => t.Note?.StartsWith(TrialFailure.Rejected, StringComparison.Ordinal) == true).ToList();
        return rejected.Count > 0 && rejected.Count == trials.Count
            ? new AutoDLException($"Every network the search proposed was rejected before training ({rejected.Count} tried; the first {rejected[0].Note}). Relax --max-parameters, or use smaller images.")
            : new AutoDLException($"No model finished a single epoch within the time limit of {_options.TimeLimit}. Give more time with --time-limit, or use fewer or smaller images.");
    }

    private static void CreateOutputDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AutoDLException($"Cannot use '{path}' as the output folder: {e.Message} Choose another folder with --output.", e);
        }
    }

    private ImportedData Import(FitClock clock, CancellationToken cancellationToken)
    {
        var importProgress = new Progress<ImportProgress>(p => _progress?.Report(clock.Progress(FitStage.Importing, $"{p.Stage} {p.Done}/{p.Total}") with { Steps = (p.Done, p.Total) }));
        var options = new ImportOptions
        {
            MaxSide = _options.MaxImageSide,
            CacheDirectory = Path.Combine(_options.OutputDirectory, ".cache"),
        };
        return DataImporter.Import(_options.DataPath, options, importProgress, cancellationToken);
    }

    /// <summary>
    /// Checks the data before anything is trained on it and leaves out what would make the results wrong:
    /// copies of test images in training always, label suspects when asked. Writes what it left out
    /// (excluded.csv) and the manifest of what it used (clean-manifest.csv) next to the model. When label suspects
    /// were left out, also returns the class weights that keep each class's share of the loss as it was.
    /// </summary>
    private (ImportedData Data, IReadOnlyList<float>? ClassWeights) Inspect(ImportedData data, FitClock clock, CancellationToken cancellationToken)
    {
        var options = new QualityOptions
        {
            FindLabelErrors = _options.ExcludeSuspects,
            TimeBudget = _options.TimeLimit * LabelCheckShare,
            Seed = _options.Seed,
        };
        var report = QualityAnalyzer.Analyze(data, options, new ImmediateProgress<string>(Report), cancellationToken);
        var (cleaned, excluded) = DataCleaner.Clean(data, report, _options.ExcludeSuspects);
        if (_options.ExcludeSuspects && report.LabelModelSkipped is { } why)
        {
            Report($"label check skipped: {why}");
        }
        DataCleaner.WriteManifest(cleaned, Path.Combine(_options.OutputDirectory, "clean-manifest.csv"));
        var file = Path.Combine(_options.OutputDirectory, "excluded.csv");
        // A list left by an earlier run in this folder would describe data this run did not leave out.
        File.Delete(file);
        if (excluded.Count > 0)
        {
            DataCleaner.WriteExclusions(excluded, file);
            foreach (var group in excluded.GroupBy(e => e.Reason))
            {
                Report($"left out {group.Count():N0} image(s): {Describe(group.Key)} (listed in {file})");
            }
        }
        return (cleaned, PriorWeights(data, cleaned, excluded));

        void Report(string message) => _progress?.Report(clock.Progress(FitStage.Inspecting, message));
    }

    /// <summary>
    /// Suspected label errors come mostly from classes that look alike, so leaving them out makes those classes look
    /// rarer than they are; these weights give every class back its share of the loss, for recipes that do not balance
    /// the classes themselves (see <see cref="ClassWeights.ForLoss"/>; null when no suspect was left out).
    /// </summary>
    private static float[]? PriorWeights(ImportedData data, ImportedData cleaned, IReadOnlyList<ExcludedImage> excluded) =>
        DataCleaner.TrainCountsBeforeSuspects(data, cleaned, excluded) is { } before ? ClassWeights.RestorePriors(before, cleaned.Train.ClassCounts()) : null;

    private void ReportTraits(DataTraits traits, ImageDataset train, FitClock clock)
    {
        var counts = train.ClassCounts();
        if (traits.Imbalanced)
        {
            _progress?.Report(clock.Progress(FitStage.Inspecting, string.Create(CultureInfo.InvariantCulture,
                $"classes are imbalanced ({counts.Max():N0} to {counts.Min():N0} training images): the search selects on balanced accuracy and tries class weighting")));
        }
        _progress?.Report(clock.Progress(FitStage.Inspecting, traits.FlipLooksSafe
            ? "mirrored images keep their labels: the search may flip images left to right"
            : "mirrored images lose their labels (text, digits or shapes that face one way): flipping is left out of the search"));
    }

    private static string Describe(ExclusionReason reason) => reason switch
    {
        ExclusionReason.Leakage => "copies of validation or test images (leakage)",
        ExclusionReason.RepeatedCopy => "repeated copies inside a split",
        ExclusionReason.ConflictingLabels => "images that appear under two labels",
        _ => "suspected label errors",
    };

    private (ImageDataset Train, ImageDataset Validation, ImageDataset Test) Split(ImportedData data)
    {
        var rest = data.Train;
        ImageDataset test, validation;
        if (data.Test is { } givenTest)
        {
            test = givenTest;
        }
        else
        {
            (rest, test) = StratifiedSplitter.Split(rest, _options.TestFraction, _options.Seed);
        }
        if (data.Validation is { } givenValidation)
        {
            validation = givenValidation;
        }
        else
        {
            (rest, validation) = StratifiedSplitter.Split(rest, _options.ValidationFraction, _options.Seed + 1);
        }
        return (rest, validation, test);
    }

    /// <summary>
    /// The configurations trained before the search. When the time left trains the narrowest rung of the default
    /// ladder <see cref="DefaultTargetEpochs"/> epochs and then leaves as long again for a second network, two
    /// defaults: that quick one first, so that a good model exists within minutes (the any-time curve, which ALC
    /// scores, weighs the first minutes most), then the widest rung that trains <see cref="DefaultTargetEpochs"/>
    /// epochs in nearly all the time left, seeded apart (trials are seeded by number), for the final model to average
    /// with the first. Otherwise one default (<see cref="DefaultTrial"/>), then the search. Measured on Fashion-MNIST
    /// in 30 minutes with one default (bench/results/fit-curve-fashion-mnist-30m-one-default.md): ResNet width 24 for
    /// 16 epochs reached 0.9384 test accuracy but only 0.8555 by 3 minutes, and no search trial after it came within
    /// two points of its validation accuracy.
    /// The second network is chosen when the first has ended, from the time then left.
    /// </summary>
    private static IEnumerable<IReadOnlyDictionary<string, double>> Defaults(ImageClassificationTrialRunner runner, FitClock clock, IReadOnlyList<IReadOnlyDictionary<string, double>> ladder, ImageDataset train, ImageDataset validation, ImageDataset test, DataTraits traits)
    {
        var quick = ladder[0];
        var quickCost = runner.MeasureCost(quick);
        ReserveFinishTime(quickCost, clock, validation, test, traits, members: 1);
        double quickSeconds = DefaultTargetEpochs * quickCost.EpochSeconds(train.Count, validation.Count);
        if ((clock.TrainingTimeLeft.TotalSeconds - quickSeconds) * SecondDefaultShare < quickSeconds)
        {
            var (only, cost) = DefaultTrial(runner, clock, ladder, train, validation, test, traits);
            yield return only;
            // The search's trials may now give a runner-up to average the default with: keep back the time to score the pair.
            ReserveFinishTime(cost, clock, validation, test, traits, members: 2);
            yield break;
        }
        yield return ImageClassificationSearchSpace.WithEpochs(quick, DefaultTargetEpochs);
        var (second, secondCost, epochs) = WidestRung(runner, clock, ladder, train, validation, SecondDefaultShare);
        ReserveFinishTime(secondCost, clock, validation, test, traits, members: 2);
        if (epochs >= DefaultTargetEpochs)
        {
            yield return ImageClassificationSearchSpace.WithEpochs(second, epochs);
        }
    }

    /// <summary>
    /// Picks the default configuration for this data and budget: the largest rung of the default ladder that
    /// still trains <see cref="DefaultTargetEpochs"/> full epochs in its share of the time, with as many epochs as
    /// fit. When none does, the smallest rung, with up to <see cref="DefaultTargetEpochs"/> epochs in the larger
    /// <see cref="TightBudgetDefaultShare"/>.
    /// </summary>
    private static (IReadOnlyDictionary<string, double> Parameters, TrainingCost Cost) DefaultTrial(ImageClassificationTrialRunner runner, FitClock clock, IReadOnlyList<IReadOnlyDictionary<string, double>> ladder, ImageDataset train, ImageDataset validation, ImageDataset test, DataTraits traits)
    {
        var (chosen, chosenCost, chosenEpochs) = WidestRung(runner, clock, ladder, train, validation, DefaultTrialShare);
        ReserveFinishTime(chosenCost, clock, validation, test, traits, members: 1);
        if (chosenEpochs < DefaultTargetEpochs)
        {
            int tightEpochs = (int)Math.Floor(clock.TrainingTimeLeft.TotalSeconds * TightBudgetDefaultShare / chosenCost.EpochSeconds(train.Count, validation.Count));
            chosenEpochs = Math.Min(DefaultTargetEpochs, tightEpochs);
        }
        // When fewer than the minimum full epochs fit, the trial runner shortens the epochs instead.
        return (ImageClassificationSearchSpace.WithEpochs(chosen, Math.Max(EpochPlan.MinimumEpochs, chosenEpochs)), chosenCost);
    }

    /// <summary>
    /// The largest rung of the default ladder that trains <see cref="DefaultTargetEpochs"/> full epochs in
    /// <paramref name="share"/> of the training time left, or the smallest rung when none does, with the epochs that fit.
    /// </summary>
    private static (IReadOnlyDictionary<string, double> Rung, TrainingCost Cost, int Epochs) WidestRung(ImageClassificationTrialRunner runner, FitClock clock, IReadOnlyList<IReadOnlyDictionary<string, double>> ladder, ImageDataset train, ImageDataset validation, double share)
    {
        (IReadOnlyDictionary<string, double> Rung, TrainingCost Cost, int Epochs)? chosen = null;
        foreach (var candidate in ladder)
        {
            var cost = runner.MeasureCost(candidate);
            int epochs = (int)Math.Floor(clock.TrainingTimeLeft.TotalSeconds * share / cost.EpochSeconds(train.Count, validation.Count));
            if (chosen is not null && epochs < DefaultTargetEpochs)
            {
                break;
            }
            chosen = (candidate, cost, epochs);
            if (epochs < DefaultTargetEpochs)
            {
                break;
            }
        }
        return chosen!.Value;
    }

    /// <summary>
    /// Evolution over architectures (mutating one choice of a good network finds good neighbours where a density
    /// model over a conditional space is thin), TPE over the training recipe (continuous, mostly independent
    /// parameters, where TPE is strongest); both start random and learn from failed and pruned trials too.
    /// </summary>
    private static PartitionedSampler NewSampler() =>
        new([new SamplerPartition(ImageClassificationSearchSpace.IsArchitecture, new RegularizedEvolutionSampler())], new TpeSampler());

    /// <summary>
    /// Hyperband's brackets of asynchronous successive halving rather than one: with one-cycle schedules a
    /// trial's early epochs run at peak learning rate and rank trials poorly. Measured on Fashion-MNIST
    /// (bench/results/asha.md, 10 random configurations × 9 epochs): ASHA from one epoch saved 56% of the
    /// epochs but pruned the eventual best at epoch 3 and lost 1.8 points of test accuracy; Hyperband saved 27%
    /// of the epochs (≈39% of the time) and kept the best.
    /// </summary>
    private static HyperbandScheduler NewScheduler() => new();

    /// <summary>
    /// The final model is chosen on validation and evaluated on the test split at the end; keep that time back, with
    /// a margin for noise. Network passes over validation: the best alone, when there is anything to compare it with;
    /// averaged with the runner-up (two more) when there may be one; with mirrored images (two per member) where
    /// mirroring is safe. Over test: one per member, twice with mirrors.
    /// </summary>
    private static void ReserveFinishTime(TrainingCost cost, FitClock clock, ImageDataset validation, ImageDataset test, DataTraits traits, int members)
    {
        int flip = traits.FlipLooksSafe ? 2 : 1;
        int validationPasses = (members > 1 || traits.FlipLooksSafe ? 1 : 0) + (members > 1 ? members : 0) + (traits.FlipLooksSafe ? 2 * members : 0);
        long images = (long)validationPasses * validation.Count + (long)members * flip * test.Count;
        clock.ReserveForFinish(TimeSpan.FromSeconds(2 * images * cost.EvalSecondsPerImage));
    }

    private SqliteStudyStore OpenStudy(DataSummary summary, IReadOnlyList<string> classNames) =>
        StudyOpening.Open(_options.OutputDirectory, _options.Study, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["task"] = "image-classification",
            ["data"] = Path.GetFullPath(_options.DataPath),
            ["seed"] = _options.Seed.ToString(CultureInfo.InvariantCulture),
            ["classes"] = string.Join("|", classNames),
            ["split"] = string.Create(CultureInfo.InvariantCulture, $"{summary.TrainCount}/{summary.ValidationCount}/{summary.TestCount}"),
        });

    /// <summary>
    /// Averages the best model with the runner-up of the search, then with mirrored images where mirroring keeps
    /// labels, each only when the validation score rises. Returns the chosen model and its validation score.
    /// </summary>
    private static (FinalModel Model, double Score) ChooseFinalModel(BestModel best, BestModel? runnerUp, ImageDataset validation, NormalizationStats stats, SelectionMetric metric, DataTraits traits, Action<string> report)
    {
        string name = metric.Name().Replace('_', ' ');
        var chosen = FinalModel.Of(best);
        if (runnerUp is null && !traits.FlipLooksSafe)
        {
            return (chosen, best.ValidationScore);
        }
        double score = chosen.Score(validation, stats, metric);
        if (runnerUp is not null)
        {
            var pair = chosen with { Members = [best, runnerUp] };
            double pairScore = pair.Score(validation, stats, metric);
            bool better = metric.Direction().IsBetter(pairScore, score);
            report(string.Create(CultureInfo.InvariantCulture,
                $"ensemble: validation {name} {score:0.0000} for trial {best.Trial} alone, {pairScore:0.0000} averaged with trial {runnerUp.Trial} ({runnerUp.ValidationScore:0.0000} alone); {(better ? "averaged" : "not used")}"));
            (chosen, score) = better ? (pair, pairScore) : (chosen, score);
        }
        if (traits.FlipLooksSafe)
        {
            var flipped = chosen with { TestTimeFlip = true };
            double flippedScore = flipped.Score(validation, stats, metric);
            bool better = metric.Direction().IsBetter(flippedScore, score);
            report(string.Create(CultureInfo.InvariantCulture,
                $"test-time flip: validation {name} {score:0.0000} alone, {flippedScore:0.0000} averaged with mirrored images; {(better ? "predictions average both" : "not used")}"));
            (chosen, score) = better ? (flipped, flippedScore) : (chosen, score);
        }
        return (chosen, score);
    }

    private static string Describe(FinalModel model)
    {
        string members = model.Members.Count == 1 ? $"trial {model.Primary.Trial}" : $"trials {string.Join(" and ", model.Members.Select(m => m.Trial))} averaged";
        return model.TestTimeFlip ? members + ", with mirrored images" : members;
    }

    /// <summary>
    /// The final package carries its ONNX export, so it can be served or used outside .NET as it is. Every layer
    /// of every family exports (tests prove it), but a failure must not cost the user a trained model: the
    /// package is then written without it, and `autodl export` says why.
    /// </summary>
    private static byte[]? ExportOnnx(PackageContents package, Action<string> report)
    {
        try
        {
            return OnnxExporter.Export(package);
        }
        catch (AutoDLException e)
        {
            report($"the package is written without model.onnx: {e.Message}");
            return null;
        }
    }

    private static Dictionary<string, string> LibraryVersions() => new()
    {
        ["AutoDL"] = Version(typeof(AutoFit).Assembly),
        ["TorchSharp"] = Version(typeof(TorchSharp.torch).Assembly),
        ["SkiaSharp"] = Version(typeof(SkiaSharp.SKBitmap).Assembly),
        ["OnnxRuntime"] = Version(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly),
    };

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
