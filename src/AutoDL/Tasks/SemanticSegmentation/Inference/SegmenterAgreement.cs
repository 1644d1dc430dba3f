using AutoDL.Data;
using AutoDL.Inference;
using AutoDL.Packaging;
using AutoDL.Tasks.SemanticSegmentation.Data;

namespace AutoDL.Tasks.SemanticSegmentation.Inference;

/// <summary>How closely a segmentation network's ONNX graph reproduces libtorch's logits and masks on the same images.</summary>
/// <param name="Images">Images compared.</param>
/// <param name="Pixels">Pixels compared.</param>
/// <param name="PixelsDiffering">Pixels whose class differs between the engines.</param>
/// <param name="MaxLogitDifference">The largest absolute difference of any logit.</param>
public sealed record SegmenterAgreement(int Images, long Pixels, long PixelsDiffering, double MaxLogitDifference)
{
    /// <summary>The share of pixels both engines give the same class.</summary>
    public double PixelAgreement => Pixels == 0 ? 1 : 1 - ((double)PixelsDiffering / Pixels);

    /// <summary>
    /// Runs seeded images of uniformly random pixels through both engines, on the package's model.onnx (exported on the
    /// spot when it has none): half at the package's tile size, half at an odd size that is not a multiple of any stride,
    /// where the graph's resizes must follow the maps' own sizes.
    /// </summary>
    public static SegmenterAgreement OnRandomImages(PackageContents package, int count = 8, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(package);
        var tile = package.Manifest.Input;
        var odd = new ImageShape(SegmentedImage.Channels, tile.Height + 13, tile.Width - 7);
        var images = RandomImages.Create(tile, count - (count / 2), seed).Select(p => (p, tile))
            .Concat(RandomImages.Create(odd, count / 2, seed + 1).Select(p => (p, odd)))
            .ToList();
        int threads = Environment.ProcessorCount;
        using var torch = TorchSegmentationEngine.Load(package, threads);
        using var onnx = new OnnxSegmentationEngine(package, threads);
        long pixels = 0, differing = 0;
        double maxDifference = 0;
        foreach (var (image, shape) in images)
        {
            int plane = shape.Height * shape.Width;
            var expected = new float[torch.Classes * plane];
            var actual = new float[onnx.Classes * plane];
            torch.Logits(image, 1, shape.Height, shape.Width, expected);
            onnx.Logits(image, 1, shape.Height, shape.Width, actual);
            for (int i = 0; i < expected.Length; i++)
            {
                maxDifference = Math.Max(maxDifference, Math.Abs(expected[i] - actual[i]));
            }
            var expectedLabels = new byte[plane];
            var actualLabels = new byte[plane];
            new LogitRows(expected, 0, plane, torch.Classes, shape.Width, 0, shape.Height).ArgMax(expectedLabels);
            new LogitRows(actual, 0, plane, onnx.Classes, shape.Width, 0, shape.Height).ArgMax(actualLabels);
            pixels += plane;
            differing += expectedLabels.Zip(actualLabels).Count(p => p.First != p.Second);
        }
        return new SegmenterAgreement(images.Count, pixels, differing, maxDifference);
    }
}
