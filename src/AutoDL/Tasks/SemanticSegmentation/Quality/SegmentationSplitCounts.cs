using System.Text.Json.Serialization;

namespace AutoDL.Tasks.SemanticSegmentation.Quality;

/// <summary>One split of segmentation data, counted.</summary>
/// <param name="Images">Images with a usable mask.</param>
/// <param name="PixelShare">Each class's share of the split's scored pixels, in class order (ignored pixels left out).</param>
/// <param name="SingleClassMasks">Masks whose scored pixels are all one class: nothing to tell apart in them.</param>
public sealed record SegmentationSplitCounts(
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("pixel_share")] IReadOnlyList<double> PixelShare,
    [property: JsonPropertyName("single_class_masks")] int SingleClassMasks);
