namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>The quick cross-validated model behind label suspects and outliers.</summary>
/// <param name="Model">The network, described.</param>
/// <param name="Folds">Folds: each image's probabilities come from the model that did not train on it.</param>
/// <param name="Epochs">Epochs per fold.</param>
/// <param name="OutOfFoldAccuracy">Accuracy of those out-of-fold predictions against the given labels.</param>
/// <param name="Seconds">Wall time of the folds.</param>
public sealed record LabelModelSummary(string Model, int Folds, int Epochs, double OutOfFoldAccuracy, double Seconds);
