namespace AutoDL.Tasks.SemanticSegmentation.Inference;

/// <summary>
/// Consecutive full rows of an image's per-pixel class logits, final (blended where windows overlapped): a view into a
/// buffer that is reused once the consumer returns.
/// </summary>
/// <param name="Values">The buffer.</param>
/// <param name="Offset">Where class 0 of the first row starts in it.</param>
/// <param name="Plane">The distance between one class's values and the next class's.</param>
/// <param name="Classes">Classes scored per pixel.</param>
/// <param name="Width">The image's columns.</param>
/// <param name="Top">The first row's index in the image.</param>
/// <param name="Count">Rows held.</param>
internal readonly record struct LogitRows(float[] Values, int Offset, int Plane, int Classes, int Width, int Top, int Count)
{
    /// <summary>Pixels held: Count × Width.</summary>
    public int Pixels => Count * Width;

    /// <summary>Class <paramref name="c"/>'s logit at the <paramref name="pixel"/>-th pixel held (row-major).</summary>
    public float At(int c, int pixel) => Values[Offset + (c * Plane) + pixel];

    /// <summary>Writes each pixel's highest-scoring class (the first on a tie, as torch's argmax) into <paramref name="labels"/>.</summary>
    public void ArgMax(Span<byte> labels)
    {
        labels[..Pixels].Clear();
        for (int c = 1; c < Classes; c++)
        {
            var scores = Values.AsSpan(Offset + (c * Plane), Pixels);
            var label = (byte)c;
            for (int p = 0; p < scores.Length; p++)
            {
                if (scores[p] > At(labels[p], p))
                {
                    labels[p] = label;
                }
            }
        }
    }

    /// <summary>The summed cross-entropy of the pixels whose <paramref name="targets"/> label is not <paramref name="ignore"/>, and how many those are.</summary>
    public (double Sum, long Scored) CrossEntropy(ReadOnlySpan<byte> targets, byte ignore)
    {
        double sum = 0;
        long scored = 0;
        for (int p = 0; p < Pixels; p++)
        {
            if (targets[p] == ignore)
            {
                continue;
            }
            float max = float.NegativeInfinity;
            for (int c = 0; c < Classes; c++)
            {
                max = Math.Max(max, At(c, p));
            }
            double exponentials = 0;
            for (int c = 0; c < Classes; c++)
            {
                exponentials += Math.Exp(At(c, p) - max);
            }
            sum += max + Math.Log(exponentials) - At(targets[p], p);
            scored++;
        }
        return (sum, scored);
    }
}
