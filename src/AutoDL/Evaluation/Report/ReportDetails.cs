using AutoDL.Evaluation.Calibration;

namespace AutoDL.Evaluation.Report;

/// <summary>
/// What a task's test report shows beyond its headline figures, as plain data: tables, the confusion matrix, and the
/// calibration of its confidence. Each task's report fills it in (<see cref="EvaluationReport.Details"/>); the run report
/// and the dashboard draw it without knowing the task.
/// </summary>
/// <param name="Tables">Tables to show, in order.</param>
public sealed record ReportDetails(IReadOnlyList<ReportTable> Tables)
{
    /// <summary>
    /// The most classes a confusion matrix is shown for: beyond that its cells are too small to read, and the matrix
    /// would outweigh the rest of the events it travels with.
    /// </summary>
    public const int MaxMatrixClasses = 40;

    /// <summary>The confusion matrix; null where the task has none or has more than <see cref="MaxMatrixClasses"/> classes.</summary>
    public LabelledMatrix? Confusion { get; init; }

    /// <summary>The calibration of the probabilities as the model gives them; null where the task has no class probabilities.</summary>
    public CalibrationFigures? Confidence { get; init; }

    /// <summary>The same without the calibrated temperature; null where there is none.</summary>
    public CalibrationFigures? Uncalibrated { get; init; }

    /// <summary>The calibrated temperature, when there is one.</summary>
    public double? Temperature { get; init; }

    /// <summary><paramref name="labels"/> and <paramref name="counts"/> as a matrix, or null when there are too many classes to show.</summary>
    public static LabelledMatrix? Matrix(string title, IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<long>> counts)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.Count > MaxMatrixClasses ? null : new LabelledMatrix(title, labels, counts);
    }
}
