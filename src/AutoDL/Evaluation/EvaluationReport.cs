using AutoDL.Evaluation.Report;

namespace AutoDL.Evaluation;

/// <summary>How well a model did on a held-out set; each task has its own report (class metrics and a confusion matrix for a classifier).</summary>
/// <param name="Count">Examples evaluated.</param>
public abstract record EvaluationReport(int Count)
{
    /// <summary>The report's headline figures by name ("accuracy", "macro_f1", ...), for tables and comparisons that do not know the task.</summary>
    public abstract IReadOnlyDictionary<string, double> Scores();

    /// <summary>What the report shows beyond <see cref="Scores"/> (per-class tables, the confusion matrix, calibration), as data the run report draws.</summary>
    public abstract ReportDetails Details();
}
