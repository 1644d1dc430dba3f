using System.Text.Json.Serialization;

namespace AutoDL.Tasks.ObjectDetection.Quality;

/// <summary>What one split of a detection data set holds.</summary>
/// <param name="Images">Usable images.</param>
/// <param name="ImagesWithoutObjects">Of those, images with no object (background only).</param>
/// <param name="Objects">Objects, ignored ones (crowds, difficult) included.</param>
/// <param name="ObjectsPerClass">Objects of each class, in the order of the class names.</param>
/// <param name="Small">Objects smaller than 32² pixels of their image (COCO's small).</param>
/// <param name="Medium">Objects from 32² to 96² pixels.</param>
/// <param name="Large">Objects larger than 96² pixels.</param>
public sealed record SplitCounts(
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("images_without_objects")] int ImagesWithoutObjects,
    [property: JsonPropertyName("objects")] int Objects,
    [property: JsonPropertyName("objects_per_class")] IReadOnlyList<int> ObjectsPerClass,
    [property: JsonPropertyName("small")] int Small,
    [property: JsonPropertyName("medium")] int Medium,
    [property: JsonPropertyName("large")] int Large);
