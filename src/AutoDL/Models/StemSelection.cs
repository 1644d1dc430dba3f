using AutoDL.Data;

namespace AutoDL.Models;

/// <summary>Which stem a network gets for the size of its images.</summary>
public static class StemSelection
{
    /// <summary>Small images keep full resolution in the stem; larger ones are reduced early to stay affordable on a CPU.</summary>
    public static StemKind For(ImageShape input)
    {
        int side = Math.Min(input.Height, input.Width);
        return side <= 64 ? StemKind.Conv3 : side <= 128 ? StemKind.Conv3Stride2 : StemKind.Conv7Pool;
    }
}
