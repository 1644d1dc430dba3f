namespace AutoDL.Data;

/// <summary>Per-channel mean and standard deviation on the [0,1] pixel scale (placeholder until the data branch lands).</summary>
public sealed record NormalizationStats(float[] Mean, float[] Std)
{
    /// <summary>Computes the statistics of a training split.</summary>
    public static NormalizationStats Compute(ImageDataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        int c = train.Shape.Channels, plane = train.Shape.Height * train.Shape.Width;
        var sum = new double[c];
        var sq = new double[c];
        for (int i = 0; i < train.Count; i++)
        {
            var img = train.Image(i);
            for (int ch = 0; ch < c; ch++)
            {
                foreach (var b in img.Slice(ch * plane, plane))
                {
                    double v = b / 255.0;
                    sum[ch] += v;
                    sq[ch] += v * v;
                }
            }
        }
        double n = (double)train.Count * plane;
        var mean = new float[c];
        var std = new float[c];
        for (int ch = 0; ch < c; ch++)
        {
            mean[ch] = (float)(sum[ch] / n);
            std[ch] = (float)Math.Max(1e-3, Math.Sqrt(Math.Max(0, sq[ch] / n - mean[ch] * (double)mean[ch])));
        }
        return new NormalizationStats(mean, std);
    }
}
