namespace AutoDL.Data.Quality;

/// <summary>The verdict of one check of a data-quality report, in words, for the terminal summary and the HTML report.</summary>
/// <param name="Severity">How much it matters.</param>
/// <param name="Check">What was checked, e.g. "unreadable files".</param>
/// <param name="Count">How many problems were found (files, pairs, classes, images); 0 when none or when the check did not run.</param>
/// <param name="Summary">What was found and, where there is one, what to do.</param>
public sealed record QualityFinding(FindingSeverity Severity, string Check, int Count, string Summary);
