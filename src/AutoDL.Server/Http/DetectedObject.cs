namespace AutoDL.Server.Http;

/// <summary>One object a detector found.</summary>
/// <param name="Label">Its class.</param>
/// <param name="Score">How sure the detector is, from 0 to 1.</param>
/// <param name="Box">Where: [x, y, width, height] in the pixels of the image sent, to a hundredth of a pixel, as COCO writes boxes.</param>
internal sealed record DetectedObject(string Label, double Score, IReadOnlyList<double> Box);
