namespace AutoDL.Evaluation.Report;

/// <summary>A column of a <see cref="ReportTable"/>.</summary>
/// <param name="Name">Its heading.</param>
/// <param name="IsCount">Whether it holds counts (written as whole numbers) rather than scores.</param>
public sealed record ReportColumn(string Name, bool IsCount = false);
