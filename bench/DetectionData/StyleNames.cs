namespace AutoDL.Bench.DetectionData;

/// <summary>The names fill styles have in annotations and summary.json.</summary>
internal static class StyleNames
{
    public static string Of(FillStyle style) => style switch
    {
        FillStyle.Solid => "solid",
        FillStyle.Shaded => "shaded",
        FillStyle.Stripes => "stripes",
        FillStyle.Checker => "checker",
        FillStyle.Outline => "outline",
        FillStyle.TwoHueGradient => "two-hue-gradient",
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "a fill style without a name"),
    };
}
