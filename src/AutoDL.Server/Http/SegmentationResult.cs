namespace AutoDL.Server.Http;

/// <summary>A segmentation network's labels for one image of a request.</summary>
/// <param name="File">The file name of a multipart file field; absent for raw and JSON requests.</param>
/// <param name="Width">The image's columns, as sent.</param>
/// <param name="Height">The image's rows, as sent.</param>
/// <param name="Shares">The share of the image's pixels given each class, by class name.</param>
/// <param name="Mask">The mask, base64 of an 8-bit grayscale PNG of the image's size whose pixel values are class indices (as <c>autodl predict --masks</c> writes it).</param>
internal sealed record SegmentationResult(string? File, int Width, int Height, IReadOnlyDictionary<string, double> Shares, string Mask);
