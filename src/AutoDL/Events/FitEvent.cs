using System.Globalization;
using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>
/// A decision or measurement of a fit, as data: the CLI renders it, <c>OUTPUT/events.jsonl</c> and the study store it
/// (with its type name under "type"), and tests assert on it. <see cref="Describe"/> is the one line a person reads.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ImportProgressed), "import_progressed")]
[JsonDerivedType(typeof(DataCheckProgressed), "data_check_progressed")]
[JsonDerivedType(typeof(LabelCheckSkipped), "label_check_skipped")]
[JsonDerivedType(typeof(ExamplesLeftOut), "examples_left_out")]
[JsonDerivedType(typeof(DataSummarized), "data_summarized")]
[JsonDerivedType(typeof(ClassesImbalanced), "classes_imbalanced")]
[JsonDerivedType(typeof(MirrorJudged), "mirror_judged")]
[JsonDerivedType(typeof(StudyResumed), "study_resumed")]
[JsonDerivedType(typeof(BatchSizeLeftOut), "batch_size_left_out")]
[JsonDerivedType(typeof(BatchSizeChosen), "batch_size_chosen")]
[JsonDerivedType(typeof(LearningRateRangeTested), "learning_rate_range_tested")]
[JsonDerivedType(typeof(LearningRateRangeTestSkipped), "learning_rate_range_test_skipped")]
[JsonDerivedType(typeof(TrialStarted), "trial_started")]
[JsonDerivedType(typeof(EpochEnded), "epoch_ended")]
[JsonDerivedType(typeof(BatchProgressed), "batch_progressed")]
[JsonDerivedType(typeof(TrialEnded), "trial_ended")]
[JsonDerivedType(typeof(SearchEndedEarly), "search_ended_early")]
[JsonDerivedType(typeof(TrainingPlanned), "training_planned")]
[JsonDerivedType(typeof(SearchSkipped), "search_skipped")]
[JsonDerivedType(typeof(EpochsReplanned), "epochs_replanned")]
[JsonDerivedType(typeof(SearchStarted), "search_started")]
[JsonDerivedType(typeof(EnsembleWeighed), "ensemble_weighed")]
[JsonDerivedType(typeof(TestTimeFlipWeighed), "test_time_flip_weighed")]
[JsonDerivedType(typeof(ConfidenceCalibrated), "confidence_calibrated")]
[JsonDerivedType(typeof(FinalModelEvaluating), "final_model_evaluating")]
[JsonDerivedType(typeof(TestEvaluated), "test_evaluated")]
[JsonDerivedType(typeof(OnnxExportSkipped), "onnx_export_skipped")]
[JsonDerivedType(typeof(FitFinished), "fit_finished")]
[JsonDerivedType(typeof(RunReportSkipped), "run_report_skipped")]
public abstract record FitEvent
{
    /// <summary>The stage of the fit the event belongs to.</summary>
    [JsonIgnore]
    public abstract FitStage Stage { get; }

    /// <summary>The event as one line a person can read.</summary>
    public abstract string Describe();

    /// <summary>A metric's name as a person reads it ("balanced accuracy" for "balanced_accuracy").</summary>
    protected static string Label(string metric) => metric.Replace('_', ' ');

    /// <summary>Formats with the invariant culture, so files and logs read the same on every machine.</summary>
    protected static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
