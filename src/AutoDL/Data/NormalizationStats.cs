namespace AutoDL.Data;

/// <summary>Per-channel mean and standard deviation of pixel values on the [0, 1] scale, for input normalisation.</summary>
/// <param name="Mean">Mean of each channel.</param>
/// <param name="Std">Standard deviation of each channel, never below <see cref="MinStd"/>.</param>
public sealed record NormalizationStats(float[] Mean, float[] Std)
{
    /// <summary>
    /// Floor for <see cref="Std"/>: a constant channel (blank scans, a solid background) has zero spread, and
    /// dividing by it would turn every input into infinity. 1e-3 is below one grey level (1/255 ≈ 4e-3).
    /// </summary>
    public const float MinStd = 1e-3f;

    /// <summary>Computes the statistics of every pixel of <paramref name="train"/> (compute on training data only, to keep test data unseen).</summary>
    public static NormalizationStats Compute(ImageSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0)
        {
            throw new ArgumentException("Cannot compute statistics of an empty dataset.", nameof(train));
        }
        int channels = train.Shape.Channels;
        int plane = train.Shape.Height * train.Shape.Width;
        // Integer sums are exact; a million 64x64 images keep sum of squares below 2^63.
        var sum = new long[channels];
        var squares = new long[channels];
        var pixels = train.Pixels;
        for (int image = 0; image < train.Count; image++)
        {
            for (int c = 0; c < channels; c++)
            {
                var span = pixels.Slice((image * train.Shape.PixelCount) + (c * plane), plane);
                long s = 0;
                long q = 0;
                foreach (byte v in span)
                {
                    s += v;
                    q += v * v;
                }
                sum[c] += s;
                squares[c] += q;
            }
        }
        double n = (double)train.Count * plane;
        var mean = new float[channels];
        var std = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double m = sum[c] / n;
            double variance = Math.Max(0, (squares[c] / n) - (m * m));
            mean[c] = (float)(m / 255);
            std[c] = Math.Max(MinStd, (float)(Math.Sqrt(variance) / 255));
        }
        return new NormalizationStats(mean, std);
    }
}
