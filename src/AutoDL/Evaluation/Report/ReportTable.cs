namespace AutoDL.Evaluation.Report;

/// <summary>A table of a test report (per-class figures, say), as data that the run report and the dashboard draw alike.</summary>
/// <param name="Title">What it shows.</param>
/// <param name="Columns">The figures of each row.</param>
/// <param name="Rows">One row per item.</param>
public sealed record ReportTable(string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows);
