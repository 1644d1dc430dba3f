using AutoDL.Packaging;

namespace AutoDL.Tasks.SemanticSegmentation.Inference;

/// <summary>
/// Runs a segmentation network on a batch of images of one size: uint8 pixels in, one logit per class and pixel out.
/// Tiling, blending and the argmax are the caller's (<see cref="PixelLogits"/>), so both engines give the same masks.
/// </summary>
internal interface ISegmentationEngine : IDisposable
{
    /// <summary>Which runtime executes the network.</summary>
    InferenceBackend Backend { get; }

    /// <summary>The classes it scores per pixel.</summary>
    int Classes { get; }

    /// <summary>The logits of <paramref name="count"/> images.</summary>
    /// <param name="pixels">count × 3 × height × width bytes, each image channel by channel (CHW).</param>
    /// <param name="count">Images in the batch.</param>
    /// <param name="height">Rows of every image.</param>
    /// <param name="width">Columns of every image.</param>
    /// <returns>count × classes × height × width logits.</returns>
    float[] Logits(byte[] pixels, int count, int height, int width);
}
