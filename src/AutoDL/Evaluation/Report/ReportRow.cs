namespace AutoDL.Evaluation.Report;

/// <summary>A row of a <see cref="ReportTable"/>: what it is about (a class, say) and its figures, null where undefined.</summary>
/// <param name="Label">The row's name.</param>
/// <param name="Values">One figure per column.</param>
public sealed record ReportRow(string Label, IReadOnlyList<double?> Values);
