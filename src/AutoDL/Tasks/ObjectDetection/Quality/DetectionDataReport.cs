using System.Text.Json.Serialization;
using AutoDL.Data;
using AutoDL.Data.Quality;

namespace AutoDL.Tasks.ObjectDetection.Quality;

/// <summary>
/// What <c>autodl inspect</c> finds in detection data: the layout, the classes, each split's images and objects by class
/// and size, what was left out and why, and images that are copies of each other (across splits, a leak).
/// </summary>
/// <param name="Format">"coco", "voc" or "yolo".</param>
/// <param name="Source">Where the data was read from.</param>
/// <param name="ClassNames">The classes, sorted.</param>
/// <param name="Splits">Each split that has images, by its name ("train", "validation", "test").</param>
/// <param name="Skipped">Annotations and files left out, with the reason.</param>
/// <param name="Duplicates">Exact and near copies among the images.</param>
public sealed record DetectionDataReport(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("class_names")] IReadOnlyList<string> ClassNames,
    [property: JsonPropertyName("splits")] IReadOnlyDictionary<string, SplitCounts> Splits,
    [property: JsonPropertyName("skipped")] IReadOnlyList<SkippedFile> Skipped,
    [property: JsonPropertyName("duplicates")] IReadOnlyList<DuplicatePair> Duplicates)
{
    /// <summary>Classes with no object in the training split: a detector cannot learn them.</summary>
    [JsonPropertyName("classes_without_training_objects")]
    public IReadOnlyList<string> ClassesWithoutTrainingObjects =>
        Splits.TryGetValue("train", out var train) ? [.. ClassNames.Where((_, i) => train.ObjectsPerClass[i] == 0)] : ClassNames;
}
