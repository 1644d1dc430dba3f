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
        var totals = new ChannelTotals(train.Shape.Channels);
        for (int image = 0; image < train.Count; image++)
        {
            totals.Add(train.Image(image));
        }
        return totals.Stats();
    }

    /// <summary>The statistics of images of any sizes, each <paramref name="channels"/> planes of bytes (CHW).</summary>
    internal static NormalizationStats Compute(int channels, IEnumerable<byte[]> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var totals = new ChannelTotals(channels);
        foreach (var image in images)
        {
            totals.Add(image);
        }
        return totals.Stats();
    }

    /// <summary>Exact integer sums per channel: a million 64x64 images keep the sum of squares below 2^63.</summary>
    private sealed class ChannelTotals(int channels)
    {
        private readonly long[] _sum = new long[channels];
        private readonly long[] _squares = new long[channels];
        private long _plane;

        public void Add(ReadOnlySpan<byte> chw)
        {
            int plane = chw.Length / channels;
            for (int c = 0; c < channels; c++)
            {
                long s = 0;
                long q = 0;
                foreach (byte v in chw.Slice(c * plane, plane))
                {
                    s += v;
                    q += v * v;
                }
                _sum[c] += s;
                _squares[c] += q;
            }
            _plane += plane;
        }

        public NormalizationStats Stats()
        {
            if (_plane == 0)
            {
                throw new ArgumentException("Cannot compute statistics of an empty dataset.");
            }
            double n = _plane;
            var mean = new float[channels];
            var std = new float[channels];
            for (int c = 0; c < channels; c++)
            {
                double m = _sum[c] / n;
                double variance = Math.Max(0, (_squares[c] / n) - (m * m));
                mean[c] = (float)(m / 255);
                std[c] = Math.Max(MinStd, (float)(Math.Sqrt(variance) / 255));
            }
            return new NormalizationStats(mean, std);
        }
    }
}
