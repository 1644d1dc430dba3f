namespace AutoDL.Tasks.ImageClassification.Inference;

/// <summary>What the model says about one image.</summary>
/// <param name="Label">The most probable class.</param>
/// <param name="Confidence">Its probability.</param>
/// <param name="Top">The most probable classes, best first.</param>
public sealed record Prediction(string Label, double Confidence, IReadOnlyList<ClassScore> Top);
