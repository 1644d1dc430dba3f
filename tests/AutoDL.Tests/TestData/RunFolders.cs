using AutoDL.Data.Quality;
using AutoDL.Evaluation;
using AutoDL.Evaluation.Calibration;
using AutoDL.Evaluation.Report;
using AutoDL.Events;
using AutoDL.Search;
using AutoDL.Search.Storage;
using AutoDL.Tasks.ImageClassification;

namespace AutoDL.Tests.TestData;

/// <summary>
/// Output folders of fits written as a fit writes them (a study with its trials and events, and events.jsonl), without
/// training anything: what the run report and the dashboard read. Class names and notes carry markup, to catch a page
/// that builds elements from the data.
/// </summary>
internal static class RunFolders
{
    public const string HostileClass = "<b>boot</b> & \"shoe\"";
    public const string HostileNote = "<script>alert('x')</script>";

    /// <summary>Six trials (four completed, one pruned, one failed) whose values rise with their epochs; with <paramref name="finished"/>, the final model's events and the cost too.</summary>
    public static void Write(string folder, bool finished = true)
    {
        using var store = new SqliteStudyStore(Path.Combine(folder, SqliteStudyStore.FileName));
        Leaderboard.DescribeIn(store, ImageClassificationSearchSpace.Space, "accuracy", MetricDirection.Maximize);
        using var log = new FitEventLog(folder, null);
        using var attached = log.Attach(store);
        double elapsed = 0;
        void Report(FitEvent e, double seconds = 1)
        {
            elapsed += seconds;
            log.Report(new FitProgress(e, TimeSpan.FromSeconds(elapsed), TimeSpan.FromSeconds(600 - elapsed)));
        }

        Report(new DataSummarized(800, 90, 100, 2));
        Report(new ExamplesLeftOut(ExclusionReason.RepeatedCopy, 3, "clean-manifest.csv"));
        for (int trial = 0; trial < 6; trial++)
        {
            int epochs = 2 + trial % 3;
            var state = trial == 4 ? TrialState.Pruned : trial == 5 ? TrialState.Fail : TrialState.Complete;
            var curve = Enumerable.Range(1, state == TrialState.Fail ? 0 : epochs).Select(e => 0.5 + 0.05 * e + 0.01 * trial).ToList();
            Trial(store, Report, trial, curve, epochs, state);
        }
        if (!finished)
        {
            return;
        }
        Report(new EnsembleWeighed("accuracy", 3, 0.73, 2, 0.72, 0.74, Used: true));
        Report(new ConfidenceCalibrated(1.4, 0.08, 0.02, 0.7, 0.6));
        var confidence = new CalibrationFigures(0.03, 0.55, [new(0, 0.5, 30, 0.4, 0.35), new(0.5, 1, 70, 0.85, 0.88)]);
        var details = new ReportDetails([new ReportTable("Per class", [new("precision"), new("support", IsCount: true)], [new(HostileClass, [0.9, 50]), new("bag", [null, 50])])])
        {
            Confusion = new LabelledMatrix("images", [HostileClass, "bag"], [[45, 5], [10, 40]]),
            Confidence = confidence,
            Uncalibrated = confidence with { ExpectedCalibrationError = 0.09 },
            Temperature = 1.4,
        };
        Report(new TestEvaluated(100, new Dictionary<string, double> { ["accuracy"] = 0.85, ["macro_f1"] = 0.84 }) { Details = details });
        Report(new FitFinished(elapsed, 1.8 * elapsed, 3L << 30, 2));
    }

    /// <summary>One more completed trial, written into the folder of a fit in progress as the fit would (the study's trial, then the events).</summary>
    public static void AddTrial(string folder, int trial, IReadOnlyList<double> curve, double atSeconds)
    {
        using var store = new SqliteStudyStore(Path.Combine(folder, SqliteStudyStore.FileName));
        using var log = new FitEventLog(folder, null);
        using var attached = log.Attach(store);
        Trial(store, (e, _) => log.Report(new FitProgress(e, TimeSpan.FromSeconds(atSeconds), TimeSpan.FromSeconds(600 - atSeconds))), trial, curve, curve.Count, TrialState.Complete);
    }

    private static void Trial(SqliteStudyStore store, Action<FitEvent, double> report, int trial, IReadOnlyList<double> curve, int epochs, TrialState state)
    {
        var parameters = ImageClassificationSearchSpace.Default(epochs);
        store.Add(new TrialRecord(trial, parameters, TrialState.Running) { StartedUtc = DateTimeOffset.UtcNow });
        report(new TrialStarted(trial, $"trial {trial}"), 1);
        for (int e = 0; e < curve.Count; e++)
        {
            report(new EpochEnded(trial, e + 1, epochs, "accuracy", curve[e], 1.0 / (e + 1), 3), 3);
        }
        double? value = curve.Count == 0 ? null : curve.Max();
        string note = state == TrialState.Fail ? HostileNote : state == TrialState.Pruned ? "pruned by Hyperband at epoch 2" : "completed";
        store.Update(new TrialRecord(trial, parameters, state) { Value = value, Intermediate = [.. curve], Seconds = 3 * curve.Count, ParameterCount = 1000 * (trial + 1), Note = note, StartedUtc = DateTimeOffset.UtcNow, EndedUtc = DateTimeOffset.UtcNow });
        report(new TrialEnded(trial, state, "accuracy", value, curve.Count, 3 * curve.Count, note), 1);
    }
}
