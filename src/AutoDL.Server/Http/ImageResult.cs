using AutoDL.Tasks.ImageClassification.Inference;

namespace AutoDL.Server.Http;

/// <summary>What the model says about one image of a request.</summary>
/// <param name="File">The file name of a multipart file field; absent for raw and JSON requests.</param>
/// <param name="Label">The most probable class.</param>
/// <param name="Confidence">Its probability.</param>
/// <param name="Top">The most probable classes with their probabilities, best first.</param>
/// <param name="Margin">The first class's probability less the second's.</param>
/// <param name="Entropy">The entropy of the class probabilities over its largest value: 0 sure, 1 undecided.</param>
/// <param name="OutOfDistribution">The share of validation images more usual than this one (absent without a monitoring profile).</param>
internal sealed record ImageResult(string? File, string Label, double Confidence, IReadOnlyList<ClassScore> Top, double Margin, double Entropy, double? OutOfDistribution);
