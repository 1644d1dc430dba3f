namespace AutoDL.Tasks.SemanticSegmentation.Models;

/// <summary>
/// A decoder on a backbone's stage taps (<see cref="SegmentationDecoder"/>), with the two loss settings the search varies
/// with it. The decoder works on the last <paramref name="Depth"/> taps: a U-Net climbs all of them; the atrous decoders
/// read the deepest for context and the finest of them for detail.
/// </summary>
/// <param name="Depth">Taps the decoder uses, 2 to 4 (at most the backbone's stages): deeper reaches finer detail and costs more.</param>
/// <param name="Width">Channels of the decoder, a multiple of 8.</param>
/// <param name="DiceWeight">The Dice term's weight in the training loss, beside cross-entropy (0: cross-entropy alone); kept with the head as a detector keeps its box weight, so the search varies it with the network.</param>
/// <param name="Decoder">The decoder's kind.</param>
/// <param name="WeighClasses">Whether cross-entropy weighs each class by the inverse square root of its share of the training pixels, so a rare class is not drowned by the background.</param>
internal sealed record SegmentationHead(int Depth = 3, int Width = 32, double DiceWeight = 0.5, SegmentationDecoder Decoder = SegmentationDecoder.UNet, bool WeighClasses = false);
