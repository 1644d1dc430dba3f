namespace AutoDL.Bench.DetectionData;

/// <summary>How a shape's inside is painted. Training and validation use the first two, the test split the other
/// four (see <see cref="StylePalette"/>), so the test measures whether a detector learnt shapes rather than fills.</summary>
internal enum FillStyle
{
    /// <summary>One flat colour.</summary>
    Solid,

    /// <summary>One hue, lighter on one side than the other, as if lit.</summary>
    Shaded,

    /// <summary>Stripes of two tones of one hue, at any angle.</summary>
    Stripes,

    /// <summary>A checkerboard of two tones of one hue, at any angle.</summary>
    Checker,

    /// <summary>Hollow: a band along the inside of the outline, the background showing through the middle.</summary>
    Outline,

    /// <summary>A gradient from one hue of the palette to another.</summary>
    TwoHueGradient,
}
