namespace AutoDL.Bench.DetectionData;

/// <summary>The backdrop under the clutter; training and test use different ones (see <see cref="StylePalette"/>).</summary>
internal enum BackgroundKind
{
    /// <summary>A straight gradient between two greyish colours, in any direction.</summary>
    LinearGradient,

    /// <summary>A round gradient between two more colourful colours, under a faint grid of lines.</summary>
    RadialGradientWithGrid,
}
