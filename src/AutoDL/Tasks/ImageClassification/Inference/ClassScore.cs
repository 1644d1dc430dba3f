namespace AutoDL.Tasks.ImageClassification.Inference;

/// <summary>A class and its probability.</summary>
/// <param name="Label">Class name.</param>
/// <param name="Probability">Softmax probability in [0,1].</param>
public sealed record ClassScore(string Label, double Probability);
