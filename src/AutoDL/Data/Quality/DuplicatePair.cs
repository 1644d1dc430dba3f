namespace AutoDL.Data.Quality;

/// <summary>Two images that are (nearly) the same picture.</summary>
/// <param name="First">One image (the one in the earlier split: train before validation before test).</param>
/// <param name="Second">The other.</param>
/// <param name="Kind">Exact or near.</param>
/// <param name="Distance">Bits that differ between their 64-bit perceptual hashes (0 for exact copies).</param>
/// <param name="SameLabel">Whether both carry the same label; a duplicate with two labels means one of them is wrong.</param>
/// <param name="Similarity">Correlation of the two images' pixels (1 for exact copies).</param>
public sealed record DuplicatePair(ImageRef First, ImageRef Second, DuplicateKind Kind, int Distance, bool SameLabel, double Similarity = 1)
{
    /// <summary>The pair spans two splits: a test or validation image the model may also have trained on (leakage).</summary>
    public bool CrossSplit => First.Split != Second.Split;
}
