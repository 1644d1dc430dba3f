using AutoDL.Packaging;
using AutoDL.Tasks.SemanticSegmentation.Inference;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Inference;

/// <summary>
/// A stand-in network whose logits at a pixel depend on that pixel's colour alone (class c scores c·(R − G) + B/(c + 1)),
/// so any window of an image gives exactly the whole image's logits there; it records the batches it is given.
/// </summary>
internal sealed class PointwiseEngine(int classes) : ISegmentationEngine
{
    public InferenceBackend Backend => InferenceBackend.Torch;

    public int Classes => classes;

    public List<(int Count, int Height, int Width)> Calls { get; } = [];

    public static float Logit(int c, byte r, byte g, byte b) => (c * (r - g)) + (b / (c + 1f));

    public void Logits(byte[] pixels, int count, int height, int width, float[] logits)
    {
        Assert.True(pixels.LongLength >= (long)count * 3 * height * width);
        Assert.True(logits.LongLength >= (long)count * classes * height * width);
        Calls.Add((count, height, width));
        int plane = height * width;
        for (int i = 0; i < count; i++)
        {
            for (int p = 0; p < plane; p++)
            {
                int at = i * 3 * plane;
                for (int c = 0; c < classes; c++)
                {
                    logits[(((i * classes) + c) * plane) + p] = Logit(c, pixels[at + p], pixels[at + plane + p], pixels[at + (2 * plane) + p]);
                }
            }
        }
    }

    public void Dispose()
    {
    }
}
