using System.Text.Json.Serialization;
using AutoDL.Data;
using AutoDL.Data.Quality;

namespace AutoDL.Tasks.SemanticSegmentation.Quality;

/// <summary>
/// What <c>autodl inspect</c> finds in segmentation data: the layout, the classes, each split's images, pixel share per
/// class and one-class masks, what was left out and why, and images that are copies of each other (across splits, a leak).
/// </summary>
/// <param name="Format">"masks" or "voc".</param>
/// <param name="Source">Where the data was read from.</param>
/// <param name="ClassNames">The classes, by mask value.</param>
/// <param name="Splits">Each split that has images, by its name ("train", "validation", "test").</param>
/// <param name="Skipped">Images and masks left out, with the reason.</param>
/// <param name="Duplicates">Exact and near copies among the images.</param>
public sealed record SegmentationDataReport(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("class_names")] IReadOnlyList<string> ClassNames,
    [property: JsonPropertyName("splits")] IReadOnlyDictionary<string, SegmentationSplitCounts> Splits,
    [property: JsonPropertyName("skipped")] IReadOnlyList<SkippedFile> Skipped,
    [property: JsonPropertyName("duplicates")] IReadOnlyList<DuplicatePair> Duplicates)
{
    /// <summary>Classes with no pixel in the training split: a network cannot learn them.</summary>
    [JsonPropertyName("classes_without_training_pixels")]
    public IReadOnlyList<string> ClassesWithoutTrainingPixels =>
        Splits.TryGetValue("train", out var train) ? [.. ClassNames.Where((_, i) => train.PixelShare[i] == 0)] : ClassNames;
}
