namespace AutoDL.Data.Quality;

/// <summary>An image a fit left out of training, and why. The file itself is never touched.</summary>
/// <param name="Image">The image.</param>
/// <param name="Reason">The kind of problem.</param>
/// <param name="Detail">The problem in words, naming the other image or the suggested label.</param>
public sealed record ExcludedImage(ImageRef Image, ExclusionReason Reason, string Detail);
