namespace AutoDL.Tasks.SemanticSegmentation.Data;

/// <summary>A segmentation mask: one class index per pixel, row by row (255 marks a pixel that is not scored).</summary>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="Labels">Width × Height class indices, row-major.</param>
public sealed record ClassMask(int Width, int Height, byte[] Labels);
