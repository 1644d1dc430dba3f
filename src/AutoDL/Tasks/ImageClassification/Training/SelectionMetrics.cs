using AutoDL.Search;

namespace AutoDL.Tasks.ImageClassification.Training;

/// <summary>Names and computes a <see cref="SelectionMetric"/>.</summary>
public static class SelectionMetrics
{
    /// <summary>The metric's name in files and on screen ("accuracy", "balanced_accuracy").</summary>
    public static string Name(this SelectionMetric metric) => metric switch
    {
        SelectionMetric.Accuracy => "accuracy",
        SelectionMetric.BalancedAccuracy => "balanced_accuracy",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    /// <summary>Both are shares of images classified right: higher is better.</summary>
    public static MetricDirection Direction(this SelectionMetric metric) => metric switch
    {
        SelectionMetric.Accuracy or SelectionMetric.BalancedAccuracy => MetricDirection.Maximize,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    /// <summary>
    /// The metric of <paramref name="predicted"/> labels against <paramref name="truth"/>. Balanced accuracy averages
    /// over the classes present in <paramref name="truth"/> only: a class without images has no recall to count.
    /// </summary>
    public static double Score(this SelectionMetric metric, IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions.", nameof(predicted));
        }
        if (truth.Count == 0)
        {
            return 0;
        }
        var support = new int[classes];
        var correct = new int[classes];
        for (int i = 0; i < truth.Count; i++)
        {
            support[truth[i]]++;
            correct[truth[i]] += truth[i] == predicted[i] ? 1 : 0;
        }
        return metric switch
        {
            SelectionMetric.Accuracy => (double)correct.Sum() / truth.Count,
            SelectionMetric.BalancedAccuracy => Enumerable.Range(0, classes).Where(k => support[k] > 0).Average(k => (double)correct[k] / support[k]),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
        };
    }
}
