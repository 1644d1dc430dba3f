namespace AutoDL.Data.Augmentation;

/// <summary>
/// TrivialAugment (Müller and Hutter, 2021): each image gets one operation drawn uniformly from a fixed list, at a
/// strength drawn uniformly. It matches searched policies such as AutoAugment and RandAugment at a fraction of the
/// cost, and leaves a single knob, the strongest distortion, for our search to tune. The list keeps the operations
/// that make sense for grey and colour images alike; the colour-histogram ones (posterise, solarise, equalise) are
/// left out.
/// </summary>
public sealed class TrivialAugmentPolicy
{
    /// <summary>The operations the policy draws from.</summary>
    public enum Operation
    {
        /// <summary>Leave the image alone.</summary>
        Identity,
        /// <summary>Rotate up to ±30°.</summary>
        Rotate,
        /// <summary>Shear horizontally up to ±0.3.</summary>
        ShearX,
        /// <summary>Shear vertically up to ±0.3.</summary>
        ShearY,
        /// <summary>Shift horizontally up to ±30 % of the width.</summary>
        TranslateX,
        /// <summary>Shift vertically up to ±30 % of the height.</summary>
        TranslateY,
        /// <summary>Brighten or darken by up to 30 % of full scale.</summary>
        Brightness,
        /// <summary>Raise or lower contrast by a factor up to 1 ± 0.9.</summary>
        Contrast,
    }

    // RandAugment's and TrivialAugment's ranges at full strength.
    private const double MaxDegrees = 30;
    private const double MaxShear = 0.3;
    private const double MaxTranslate = 0.3;
    private const double MaxBrightness = 0.3;
    private const double MaxContrast = 0.9;

    private static readonly Operation[] Operations = Enum.GetValues<Operation>();

    /// <summary>Creates the policy at a strongest distortion in (0, 1].</summary>
    public TrivialAugmentPolicy(double magnitude)
    {
        if (!(magnitude is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(magnitude), magnitude, "The magnitude must be in (0, 1].");
        }
        Magnitude = magnitude;
    }

    /// <summary>The strongest distortion in (0, 1].</summary>
    public double Magnitude { get; }

    /// <summary>
    /// Draws an operation for each of <paramref name="count"/> images and writes its parameters: an affine matrix per
    /// image (identity for photometric operations) and a brightness shift (normalised units, one grey level =
    /// 1/(255·std)) and contrast factor per image (0 and 1 for geometric operations).
    /// </summary>
    public void Draw(Random random, int count, int height, int width, float pixelStd, float[] matrices, float[] brightness, float[] contrast)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < count; i++)
        {
            var operation = Operations[random.Next(Operations.Length)];
            double strength = random.NextDouble() * Magnitude * (random.Next(2) == 0 ? -1 : 1);
            brightness[i] = 0;
            contrast[i] = 1;
            var matrix = operation switch
            {
                Operation.Rotate => AffineMatrix.Rotate(strength * MaxDegrees, height, width),
                Operation.ShearX => AffineMatrix.ShearX(strength * MaxShear, height, width),
                Operation.ShearY => AffineMatrix.ShearY(strength * MaxShear, height, width),
                Operation.TranslateX => AffineMatrix.Translate(strength * MaxTranslate, 0),
                Operation.TranslateY => AffineMatrix.Translate(0, strength * MaxTranslate),
                _ => AffineMatrix.Identity,
            };
            AffineMatrix.Write(matrix, matrices, i);
            if (operation == Operation.Brightness)
            {
                brightness[i] = (float)(strength * MaxBrightness / pixelStd);
            }
            else if (operation == Operation.Contrast)
            {
                contrast[i] = (float)(1 + strength * MaxContrast);
            }
        }
    }
}
