using AutoDL.Data;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>One split of the data.</summary>
/// <param name="Split">Which split.</param>
/// <param name="Count">Images in it.</param>
/// <param name="ClassCounts">Images per class, by label.</param>
public sealed record SplitSummary(DataSplit Split, int Count, IReadOnlyList<int> ClassCounts);
