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

    /// <summary>
    /// Writes the logits of <paramref name="count"/> images into <paramref name="logits"/>. The caller's buffers are
    /// reused from pass to pass: a large image takes dozens of passes, and a new array for each would pile up megabytes
    /// of garbage on the large-object heap faster than the collector frees it.
    /// </summary>
    /// <param name="pixels">At least count × 3 × height × width bytes, each image channel by channel (CHW).</param>
    /// <param name="count">Images in the batch.</param>
    /// <param name="height">Rows of every image.</param>
    /// <param name="width">Columns of every image.</param>
    /// <param name="logits">Room for at least count × classes × height × width logits, written in that order.</param>
    void Logits(byte[] pixels, int count, int height, int width, float[] logits);
}
