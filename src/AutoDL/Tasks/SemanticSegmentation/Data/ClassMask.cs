namespace AutoDL.Tasks.SemanticSegmentation.Data;

/// <summary>A segmentation mask: one class index per pixel, row by row (255 marks a pixel that is not scored).</summary>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="Labels">Width × Height class indices, row-major.</param>
public sealed record ClassMask(int Width, int Height, byte[] Labels)
{
    /// <summary>The share of the pixels labelled with each class 0 … <paramref name="classes"/> − 1 (unscored pixels count towards none).</summary>
    public double[] Shares(int classes)
    {
        var counts = new long[classes];
        foreach (var label in Labels)
        {
            if (label < classes)
            {
                counts[label]++;
            }
        }
        return [.. counts.Select(c => Labels.Length == 0 ? 0 : (double)c / Labels.Length)];
    }
}
