namespace AutoDL.Bench.DetectionData;

/// <summary>
/// The seed of one image's <see cref="Random"/>, from the run's seed, the split and the image's index alone: images can
/// be drawn in any order on any number of cores and come out the same, and asking for more training images leaves the
/// validation and test images as they were.
/// </summary>
internal static class ImageSeed
{
    // Not HashCode.Combine: it is salted per process, so the same seed would give other images on every run.
    public static int For(int seed, int splitNumber, int index)
    {
        ulong key = ((ulong)(uint)splitNumber << 32) | (uint)index;
        return (int)(SplitMix64(SplitMix64((uint)seed) ^ key) >> 33);
    }

    /// <summary>SplitMix64's finaliser (Steele, Lea and Flood, 2014): nearby inputs give unrelated outputs.</summary>
    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }
}
