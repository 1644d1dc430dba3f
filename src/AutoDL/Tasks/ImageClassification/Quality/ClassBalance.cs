namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>How the training images spread over the classes.</summary>
/// <param name="Counts">Training images per class, by label.</param>
/// <param name="ImbalanceRatio">Largest class over smallest class (infinity when a class has none).</param>
/// <param name="SmallestClasses">Labels of the smallest classes, smallest first (at most five).</param>
/// <param name="TooSmall">Labels of classes with too few images to learn from (<see cref="QualityOptions.MinClassSize"/>).</param>
/// <param name="IsImbalanced">The ratio is at or above <see cref="QualityOptions.ImbalanceRatio"/>: accuracy would flatter the model, so balanced metrics and class weights are advised.</param>
public sealed record ClassBalance(IReadOnlyList<int> Counts, double ImbalanceRatio, IReadOnlyList<int> SmallestClasses, IReadOnlyList<int> TooSmall, bool IsImbalanced);
