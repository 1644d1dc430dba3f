namespace AutoDL.Search;

/// <summary>Whether a study's metric is better high (accuracy, mAP, IoU) or low (a loss, an error).</summary>
public enum MetricDirection
{
    /// <summary>Higher values are better.</summary>
    Maximize,

    /// <summary>Lower values are better.</summary>
    Minimize,
}
