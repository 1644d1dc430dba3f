namespace AutoDL.Evaluation.Report;

/// <summary>A confusion matrix: counts by true class (rows) and predicted class (columns).</summary>
/// <param name="Title">What is counted ("images", "pixels").</param>
/// <param name="Labels">The classes, in row and column order.</param>
/// <param name="Counts">Row r, column c: how many of class r were predicted as c.</param>
public sealed record LabelledMatrix(string Title, IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<long>> Counts);
