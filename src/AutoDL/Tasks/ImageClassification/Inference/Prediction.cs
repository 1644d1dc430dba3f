namespace AutoDL.Tasks.ImageClassification.Inference;

/// <summary>What the model says about one image, and how sure it is.</summary>
/// <param name="Label">The most probable class.</param>
/// <param name="Confidence">Its probability (calibrated when the package is: right about that often).</param>
/// <param name="Top">The most probable classes, best first.</param>
public sealed record Prediction(string Label, double Confidence, IReadOnlyList<ClassScore> Top)
{
    /// <summary>The probability of the most probable class less that of the second: near 0 when two classes are close calls.</summary>
    public double Margin { get; init; }

    /// <summary>
    /// The Shannon entropy of all the class probabilities divided by its largest possible value (ln of the class count):
    /// 0 when one class takes everything, 1 when every class is equally likely.
    /// </summary>
    public double Entropy { get; init; }

    /// <summary>
    /// How unlike the training data the image is: the share of the validation images whose features lie closer to the
    /// training data's than this image's (0.5 usual, 0.99 stranger than 99 in 100, 1 stranger than all). Null where the
    /// package has no monitoring profile (packages written before it existed).
    /// </summary>
    public double? OutOfDistribution { get; init; }

    /// <summary>The Mahalanobis distance of the image's features to the nearest class of the training data, which <see cref="OutOfDistribution"/> ranks; null as above.</summary>
    public double? FeatureDistance { get; init; }

    /// <summary>What drift monitoring keeps of the prediction; null as above.</summary>
    internal Monitoring.Drift.DriftObservation? Observation { get; init; }
}
