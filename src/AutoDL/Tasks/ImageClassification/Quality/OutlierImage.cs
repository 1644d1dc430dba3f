using AutoDL.Data.Quality;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>An image far from every class in the features the cross-validated model learnt: a stray, a blank, a different kind of picture.</summary>
/// <param name="Image">The image.</param>
/// <param name="NearestClass">The class whose centre it is closest to.</param>
/// <param name="Score">Its distance to that centre, in units of that class's typical (median) distance; about 1 is ordinary.</param>
public sealed record OutlierImage(ImageRef Image, int NearestClass, double Score);
