using AutoDL.Data.Quality;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>A training image whose label a cross-validated model doubts (confident learning, Northcutt et al. 2021).</summary>
/// <param name="Image">The image.</param>
/// <param name="GivenLabel">The label it carries.</param>
/// <param name="SuggestedLabel">The class the model believes: one it is confident of (above that class's own threshold), else its likeliest.</param>
/// <param name="GivenProbability">Out-of-fold probability of the given label.</param>
/// <param name="SuggestedProbability">Out-of-fold probability of the suggested label.</param>
/// <param name="Score">Normalised margin: given-label probability minus the largest other probability. Lower is more suspect; suspects are listed lowest first.</param>
public sealed record LabelSuspect(ImageRef Image, int GivenLabel, int SuggestedLabel, double GivenProbability, double SuggestedProbability, double Score);
