namespace AutoDL.Bench.DetectionData;

/// <summary>
/// The look of a split's images: the hues and fills of its objects and distractors, and its backgrounds. Training and
/// validation share <see cref="Seen"/>; the test split uses <see cref="Unseen"/>, which shares none of its hues, fills
/// or backgrounds, so the test score is the score on new styles of the same shapes. Clutter (blurred blobs and lines of
/// any colour) and sensor noise are the same in both.
/// </summary>
/// <param name="Name">"seen" or "unseen", as summary.json reports it.</param>
/// <param name="Hues">Centres of the objects' hues, in degrees; each object takes one, give or take <paramref name="HueJitter"/>.</param>
/// <param name="HueJitter">Degrees either side of a centre.</param>
/// <param name="Fills">The fill styles and how often each is drawn.</param>
/// <param name="Background">The backdrop.</param>
/// <param name="BackgroundSaturation">The backdrop colours' saturation range (0 grey to 1 pure).</param>
internal sealed record StylePalette(
    string Name,
    IReadOnlyList<double> Hues,
    double HueJitter,
    IReadOnlyList<(FillStyle Style, double Weight)> Fills,
    BackgroundKind Background,
    (double Min, double Max) BackgroundSaturation)
{
    // Hue centres 30° apart, alternating between the two palettes, each ±12°: no hue is in both (a 6° gap on each side),
    // yet every test hue lies between two training hues, a new colour rather than a new colour family that a
    // network never saw (pure blues only at test time would measure colour extrapolation, not shape).
    private const double Jitter = 12;

    /// <summary>Training and validation: red, yellow, green, cyan, blue, magenta; solid or shaded fills; greyish straight gradients.</summary>
    public static StylePalette Seen { get; } = new(
        "seen",
        [0, 60, 120, 180, 240, 300],
        Jitter,
        [(FillStyle.Solid, 0.6), (FillStyle.Shaded, 0.4)],
        BackgroundKind.LinearGradient,
        (0.0, 0.3));

    /// <summary>Test: orange, chartreuse, spring green, azure, violet, rose; striped, checked, hollow or two-hue fills,
    /// a quarter each; more colourful round gradients under a faint grid.</summary>
    public static StylePalette Unseen { get; } = new(
        "unseen",
        [30, 90, 150, 210, 270, 330],
        Jitter,
        [(FillStyle.Stripes, 0.25), (FillStyle.Checker, 0.25), (FillStyle.Outline, 0.25), (FillStyle.TwoHueGradient, 0.25)],
        BackgroundKind.RadialGradientWithGrid,
        (0.3, 0.55));
}
