using System.Globalization;
using AutoDL.Evaluation;
using AutoDL.Evaluation.Report;
using AutoDL.Events;
using AutoDL.Packaging;
using AutoDL.Packaging.Onnx;
using AutoDL.Search;
using AutoDL.Search.Storage;

namespace AutoDL.Pipeline;

/// <summary>
/// What every task's fit shares, from prepared data to package: the clock and hard time limit, the study (new or
/// resumed), the training phases (<see cref="TrainingPhases"/>: first look, calibration, defaults, search), keeping the best model on disk, choosing the
/// final model, evaluating it on the test split, packaging it and writing the leaderboard. The task supplies the rest
/// through <see cref="IFitTask"/>.
/// </summary>
internal sealed class FitPipeline(FitOptions options, FitEventLog events)
{
    public FitResult Run(IFitTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var clock = new FitClock(options.TimeLimit, cancellationToken);
        var context = new FitContext(options, clock, events, cancellationToken);
        CreateOutputDirectory(options.OutputDirectory);
        // Before anything is written there, the folder's events, package and study included.
        using var folder = OutputFolderLock.Take(options.OutputDirectory);

        var prepared = task.Prepare(context);
        context.Report(new DataSummarized(prepared.Sizes.Train, prepared.Sizes.Validation, prepared.Sizes.Test, prepared.Skipped.Count));
        var objective = prepared.Objective;
        var packagePath = Path.Combine(options.OutputDirectory, ModelPackage.FileName);
        var keeper = new BestModelKeeper(packagePath, objective.Direction, model => prepared.Manifest(model));
        var runner = new TrialRunner(prepared, keeper, context);
        using var store = OpenStudy(task.Name, prepared);
        using var storing = events.Attach(store);
        var stored = RecipeCalibration.Load(store);
        bool started = store.Trials().Count > 0;
        if (started)
        {
            keeper.RestoreFromDisk();
            var trials = store.Trials();
            int Count(TrialState state) => trials.Count(t => t.State == state);
            double? kept = keeper.Best?.ValidationScore;
            context.Report(new StudyResumed(trials.Count, Count(TrialState.Complete), Count(TrialState.Pruned), Count(TrialState.Fail), Count(TrialState.Running), objective.MetricName, kept), kept);
        }
        var space = new TrainingPhases(prepared, runner, keeper, store, context).Run(started, stored);

        var evaluator = prepared.Evaluator;
        var best = keeper.Best ?? throw NoModel(store.Trials());
        var (final, finalScore) = FinalModelChoice.Choose(best, keeper.RunnerUp, evaluator, objective, e => context.Report(e));
        final = CalibratedAndProfiled(final, evaluator, context);
        context.Report(new FinalModelEvaluating(final.Describe(), prepared.Sizes.Test));
        var test = evaluator.EvaluateOnTest(final);
        context.Report(new TestEvaluated(test.Count, test.Scores()) { Details = test.Details() });
        WritePackage(packagePath, prepared.Manifest(best, test), final, finalScore, context);
        var leaderboard = Leaderboard.FromTrials(store.Trials(), space, objective.MetricName, objective.Direction);
        leaderboard.Write(options.OutputDirectory);
        context.Report(FitFinished.Measure(clock.Elapsed.TotalSeconds));
        return new FitResult(packagePath, leaderboard, test, prepared.Skipped, clock.Elapsed)
        {
            ReportPath = WriteReport(options.OutputDirectory, context),
            EnsembleTrials = [.. final.Others.Select(m => m.Trial)],
            TestTimeFlip = final.TestTimeFlip,
        };
    }

    /// <summary>
    /// Writes the final package: the best trial's manifest with the ensemble and flip the choice kept, and its ONNX
    /// export, so it can be served or used outside .NET as it is.
    /// </summary>
    private static void WritePackage(string packagePath, PackageManifest bestManifest, FinalModel final, double finalScore, FitContext context)
    {
        var manifest = bestManifest with
        {
            TestTimeFlip = final.TestTimeFlip,
            Calibration = final.Calibration,
            Monitoring = final.Monitoring,
            Ensemble = [.. final.Others.Select(m => new EnsembleMember(m.Model, m.Trial, m.ValidationScore))],
        };
        manifest = manifest with { Metrics = manifest.Metrics with { FinalValidationScore = finalScore } };
        byte[][] ensembleWeights = [.. final.Others.Select(m => m.Weights)];
        var contents = new PackageContents(packagePath, manifest, final.Primary.Weights, null) { EnsembleWeights = ensembleWeights };
        var onnx = ExportOnnx(contents, e => context.Report(e));
        try
        {
            ModelPackage.Write(packagePath, manifest, final.Primary.Weights, onnx, ensembleWeights);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BestModelKeeper.CannotWrite(packagePath, e);
        }
    }

    /// <summary>
    /// The final model with its confidence calibrated on the validation split, where the task has class probabilities to
    /// calibrate, and its monitoring reference, where the task has one.
    /// </summary>
    private static FinalModel CalibratedAndProfiled(FinalModel final, ITaskEvaluator evaluator, FitContext context)
    {
        var calibration = evaluator.Calibrate(final);
        if (calibration is not null)
        {
            var (before, after) = (calibration.Before, calibration.After);
            context.Report(new ConfidenceCalibrated(calibration.Temperature, before.ExpectedCalibrationError, after.ExpectedCalibrationError, before.NegativeLogLikelihood, after.NegativeLogLikelihood));
        }
        final = final with { Calibration = calibration };
        return final with { Monitoring = evaluator.MonitoringReference(final) };
    }

    /// <summary>The run report, from the events just written; like the ONNX export, a failure costs the user only the report.</summary>
    private static string? WriteReport(string outputDirectory, FitContext context)
    {
        try
        {
            return FitReport.Write(outputDirectory);
        }
#pragma warning disable CA1031 // Any failure to draw the report leaves the model and leaderboard intact; it is reported, not thrown.
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
#pragma warning restore CA1031
        {
            context.Report(new RunReportSkipped(e is AutoDLException ? e.Message : $"{e.GetType().Name}: {e.Message}"));
            return null;
        }
    }

    private AutoDLException NoModel(IReadOnlyList<TrialRecord> trials)
    {
        var rejected = trials.Where(t => t.Note?.StartsWith(TrialFailure.Rejected, StringComparison.Ordinal) == true).ToList();
        return rejected.Count > 0 && rejected.Count == trials.Count
            ? new AutoDLException($"Every network the search proposed was rejected before training ({rejected.Count} tried; the first {rejected[0].Note}). Relax --max-parameters, or use smaller images.")
            : new AutoDLException($"No model finished a single epoch within the time limit of {options.TimeLimit}. Give more time with --time-limit, or use fewer or smaller images.");
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

    private SqliteStudyStore OpenStudy(string taskName, IPreparedTask prepared)
    {
        var identity = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["task"] = taskName,
            ["data"] = Path.GetFullPath(options.DataPath),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["split"] = string.Create(CultureInfo.InvariantCulture, $"{prepared.Sizes.Train}/{prepared.Sizes.Validation}/{prepared.Sizes.Test}"),
        };
        foreach (var (key, value) in prepared.StudyIdentity)
        {
            identity[key] = value;
        }
        return StudyOpening.Open(options.OutputDirectory, options.Study, identity);
    }

    /// <summary>
    /// Every layer of every family exports (tests prove it), but a failure, even a defect of the exporter, must not cost
    /// the user a trained model: the package is then written without it, and `autodl export` says why.
    /// </summary>
    private static byte[]? ExportOnnx(PackageContents package, Action<FitEvent> report)
    {
        try
        {
            return OnnxExporter.Export(package);
        }
#pragma warning disable CA1031 // Any failure of the export leaves the model itself intact; it is reported, not thrown.
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
#pragma warning restore CA1031
        {
            report(new OnnxExportSkipped(e is AutoDLException ? e.Message : $"{e.GetType().Name}: {e.Message}"));
            return null;
        }
    }
}
