using AutoDL.Packaging;
using AutoDL.Server.Http;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Inference;
using Microsoft.AspNetCore.Http;

namespace AutoDL.Server.Serving;

/// <summary>
/// A segmentation network behind the server: each image's mask at the size it was sent, as the PNG
/// <c>autodl predict --masks</c> writes (base64 in the JSON answer), with each class's share of the pixels.
/// </summary>
internal sealed class ServedSegmenter(SemanticSegmenter segmenter) : ServedModel<(byte[] Pixels, int Width, int Height), ClassMask>
{
    public override PackageManifest Manifest => segmenter.Manifest;

    public override InferenceSettings Settings => segmenter.Settings;

    public override void Check(PredictParameters parameters)
    {
        var given = parameters.Top is not null ? PredictParameters.TopName : parameters.MinScore is not null ? PredictParameters.MinScoreName : null;
        if (given is not null)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"'{given}' does not apply to this server's model, a segmentation network: it answers every pixel's class and takes no parameters.");
        }
    }

    public override (byte[] Pixels, int Width, int Height) Decode(byte[] encoded) => SemanticSegmenter.Decode(encoded);

    public override IReadOnlyList<ClassMask> Run(IReadOnlyList<(byte[] Pixels, int Width, int Height)> images) => segmenter.Segment(images);

    public override object Answer(ClassMask output, string? fileName, PredictParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(output);
        var shares = output.Shares(segmenter.ClassNames.Count);
        var byName = segmenter.ClassNames.Select((name, c) => (name, Math.Round(shares[c], 6))).ToDictionary(s => s.name, s => s.Item2);
        return new SegmentationResult(fileName, output.Width, output.Height, byName, Convert.ToBase64String(MaskImages.Png(output)));
    }
}
