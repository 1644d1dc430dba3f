namespace AutoDL.Data.Quality;

/// <summary>
/// Flags image files whose size or shape is far from the data's typical one: resizing them to the common
/// shape distorts or blurs them. Only images read from files have a size of their own (IDX images share one).
/// </summary>
internal static class OddImageFinder
{
    /// <summary>An area this many times smaller or larger than the median's is odd.</summary>
    private const double AreaFactor = 4;

    /// <summary>An aspect ratio this many times wider or taller than the median's is odd.</summary>
    private const double AspectFactor = 1.5;

    public static List<OddImage> Find<TImages>(IReadOnlyList<(DataSplit Split, TImages Data)> splits, CancellationToken ct)
        where TImages : ImageSet
    {
        var files = new List<(ImageRef Ref, string Path)>();
        foreach (var (split, data) in splits)
        {
            if (data.Sources is null)
            {
                continue;
            }
            for (int i = 0; i < data.Count; i++)
            {
                if (File.Exists(data.Sources[i]))
                {
                    files.Add((new ImageRef(split, i, data.Sources[i]), data.Sources[i]));
                }
            }
        }
        if (files.Count == 0)
        {
            return [];
        }
        var headers = new ImageHeader?[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Math.Max(16, Environment.ProcessorCount) }, i =>
        {
            try
            {
                headers[i] = ImageDecoder.ReadHeader(files[i].Path);
            }
            catch (ImageDecodeException)
            {
                // It was decoded during import; a file changed since then is not this check's business.
            }
        });
        var known = Enumerable.Range(0, files.Count).Where(i => headers[i] is not null).ToArray();
        if (known.Length == 0)
        {
            return [];
        }
        double medianArea = Median(known.Select(i => (double)headers[i]!.Value.Width * headers[i]!.Value.Height));
        double medianAspect = Median(known.Select(i => (double)headers[i]!.Value.Width / headers[i]!.Value.Height));
        var odd = new List<OddImage>();
        foreach (int i in known)
        {
            var header = headers[i]!.Value;
            double area = (double)header.Width * header.Height;
            double aspect = (double)header.Width / header.Height;
            string? reason = area < medianArea / AreaFactor ? $"much smaller than the typical image ({Math.Sqrt(medianArea):0} px a side)"
                : area > medianArea * AreaFactor ? $"much larger than the typical image ({Math.Sqrt(medianArea):0} px a side)"
                : aspect > medianAspect * AspectFactor || aspect < medianAspect / AspectFactor ? $"aspect ratio {aspect:0.##} against a typical {medianAspect:0.##}; resizing crops or distorts it"
                : null;
            if (reason is not null)
            {
                odd.Add(new OddImage(files[i].Ref, header.Width, header.Height, reason));
            }
        }
        return odd;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
