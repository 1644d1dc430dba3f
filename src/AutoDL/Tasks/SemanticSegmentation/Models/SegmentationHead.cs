namespace AutoDL.Tasks.SemanticSegmentation.Models;

/// <summary>
/// A U-Net-style decoder on a backbone's stage taps: it starts at the deepest of the last <paramref name="Depth"/> taps
/// and, tap by tap towards the finest, upsamples, joins the tap's map and refines with two 3×3 convolutions, then
/// classifies every pixel and upsamples the logits to the input.
/// </summary>
/// <param name="Depth">Taps the decoder climbs, 2 to 4 (at most the backbone's stages): more sees finer detail and costs more.</param>
/// <param name="Width">Channels of every decoder stage, a multiple of 8.</param>
/// <param name="DiceWeight">The Dice term's weight in the training loss, beside cross-entropy (0: cross-entropy alone); kept with the head as a detector keeps its box weight, so the search varies it with the network.</param>
internal sealed record SegmentationHead(int Depth = 3, int Width = 32, double DiceWeight = 0.5);
