using AutoDL.Search;

namespace AutoDL.Pipeline;

/// <summary>What a fit optimises: the validation metric that picks the best epoch, trial and final model, and which way is better.</summary>
/// <param name="MetricName">The metric's name in files and on screen, e.g. "accuracy", "map_50", "mean_iou", "rmse".</param>
/// <param name="Direction">Whether higher or lower values are better.</param>
internal sealed record Objective(string MetricName, MetricDirection Direction)
{
    /// <summary>The name as a person reads it ("balanced accuracy" for "balanced_accuracy").</summary>
    public string Label => MetricName.Replace('_', ' ');
}
