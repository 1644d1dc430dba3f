using System.IO.Hashing;

namespace AutoDL.Data.Quality;

/// <summary>
/// Finds exact duplicates (identical decoded pixels, by a 128-bit content hash) and near duplicates across all
/// splits at once. A near pair needs perceptual hashes at most a few bits apart and a pixel correlation close
/// to 1: on Fashion-MNIST the hash alone paired millions of distinct garments photographed alike
/// (bench/results/data-quality-near-duplicates.md). Candidates are found without comparing every pair: two 64-bit hashes
/// within d bits agree exactly on at least one of d + 1 disjoint bands (pigeonhole), so only images sharing a
/// band are compared (multi-index hashing, Norouzi et al. 2012).
/// </summary>
internal static class DuplicateFinder
{
    /// <summary>
    /// Largest Hamming distance between 64-bit difference hashes for two images to be compared as near duplicates:
    /// 3 of 64 bits, since a re-encoded or slightly resized copy moves a few bits. The hash is only a filter;
    /// <see cref="DefaultMinSimilarity"/> decides.
    /// </summary>
    public const int DefaultMaxDistance = 3;

    /// <summary>
    /// Pixel correlation a near pair needs: 0.99 still pairs a copy saved again or slightly brightened, where lower
    /// thresholds paired thousands of distinct garments photographed alike (bench/results/data-quality-near-duplicates.md).
    /// </summary>
    public const double DefaultMinSimilarity = 0.99;

    /// <summary>
    /// Every duplicate pair. Exact copies are reported as a chain (each copy paired with the first), so n copies
    /// give n − 1 pairs, not n(n − 1)/2. Images that are exact copies are not reported again as near pairs.
    /// </summary>
    /// <param name="splits">The images of each split.</param>
    /// <param name="label">
    /// An image's label (its set and index in it), for tasks with one label an image: a pair with two labels means one
    /// of them is wrong. Null when images carry no single label; every pair then counts as the same label.
    /// </param>
    /// <param name="maxDistance">Bits two perceptual hashes may differ by in a near pair; 0 finds exact copies only.</param>
    /// <param name="minSimilarity">Pixel correlation a near pair needs.</param>
    /// <param name="ct">Cancels the search.</param>
    public static List<DuplicatePair> Find<TImages>(IReadOnlyList<(DataSplit Split, TImages Data)> splits, Func<TImages, int, int>? label, int maxDistance, double minSimilarity, CancellationToken ct)
        where TImages : ImageSet
    {
        var images = new List<(ImageRef Ref, int Label, ulong Hash, UInt128 Content)>();
        var thumbnails = new List<float[]>();
        foreach (var (split, data) in splits)
        {
            for (int i = 0; i < data.Count; i++)
            {
                var pixels = data.Image(i);
                images.Add((ImageRef.Of(split, data, i), label?.Invoke(data, i) ?? 0, PerceptualHash.Compute(pixels, data.Shape), XxHash128.HashToUInt128(pixels)));
                thumbnails.Add(PerceptualHash.Thumbnail(pixels, data.Shape));
            }
        }
        ct.ThrowIfCancellationRequested();

        var pairs = new List<DuplicatePair>();
        // The first image with given content stands for all its copies.
        var representative = new int[images.Count];
        var firstWithContent = new Dictionary<UInt128, int>();
        for (int i = 0; i < images.Count; i++)
        {
            if (firstWithContent.TryGetValue(images[i].Content, out int first))
            {
                representative[i] = first;
                pairs.Add(new DuplicatePair(images[first].Ref, images[i].Ref, DuplicateKind.Exact, 0, images[first].Label == images[i].Label));
            }
            else
            {
                firstWithContent[images[i].Content] = i;
                representative[i] = i;
            }
        }
        if (maxDistance <= 0)
        {
            return pairs;
        }

        ReadOnlySpan<byte> Pixels(int image)
        {
            var reference = images[image].Ref;
            return splits.First(s => s.Split == reference.Split).Data.Image(reference.Index);
        }

        int bands = maxDistance + 1;
        var unique = Enumerable.Range(0, images.Count).Where(i => representative[i] == i).ToArray();
        var seen = new HashSet<(int, int)>();
        for (int band = 0; band < bands; band++)
        {
            ct.ThrowIfCancellationRequested();
            int start = band * 64 / bands;
            int width = ((band + 1) * 64 / bands) - start;
            ulong mask = width == 64 ? ulong.MaxValue : ((1UL << width) - 1) << start;
            foreach (var bucket in unique.GroupBy(i => images[i].Hash & mask).Where(g => g.Skip(1).Any()))
            {
                var members = bucket.ToArray();
                for (int a = 0; a < members.Length; a++)
                {
                    for (int b = a + 1; b < members.Length; b++)
                    {
                        int i = members[a], j = members[b];
                        int distance = PerceptualHash.Distance(images[i].Hash, images[j].Hash);
                        if (distance > maxDistance || PerceptualHash.Similarity(thumbnails[i], thumbnails[j]) < minSimilarity)
                        {
                            continue;
                        }
                        double similarity = PerceptualHash.Correlation(Pixels(i), Pixels(j));
                        if (similarity >= minSimilarity && seen.Add((i, j)))
                        {
                            pairs.Add(new DuplicatePair(images[i].Ref, images[j].Ref, DuplicateKind.Near, distance, images[i].Label == images[j].Label, similarity));
                        }
                    }
                }
            }
        }
        return pairs;
    }
}
