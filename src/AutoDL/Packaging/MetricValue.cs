using AutoDL.Search;

namespace AutoDL.Packaging;

/// <summary>A metric of a package, with which way is better, so that a reader can compare packages without knowing the metric.</summary>
/// <param name="Value">The value.</param>
/// <param name="Direction">Whether higher or lower is better.</param>
public sealed record MetricValue(double Value, MetricDirection Direction);
