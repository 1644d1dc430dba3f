namespace AutoDL.Tasks.ImageClassification.Evaluation;

/// <summary>Precision, recall and F1 of one class.</summary>
/// <param name="Name">Class name.</param>
/// <param name="Precision">Of the images predicted as this class, the share that are.</param>
/// <param name="Recall">Of the images of this class, the share found.</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Support">Images of this class in the evaluated set.</param>
public sealed record ClassMetrics(string Name, double Precision, double Recall, double F1, int Support);
