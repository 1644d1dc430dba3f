namespace AutoDL.Bench.DetectionData;

/// <summary>A layout and the folder it is written to (the output folder, or its coco/, voc/, yolo/ or masks/ with --format all).</summary>
internal sealed record LayoutTarget(IDatasetLayout Layout, string Root)
{
    /// <summary>Every layout the generator writes.</summary>
    public static IReadOnlyList<IDatasetLayout> Layouts { get; } = [new CocoLayout(), new VocLayout(), new YoloLayout(), new MaskLayout()];

    public static IReadOnlyList<LayoutTarget> For(GeneratorOptions options) => options.Format switch
    {
        OutputFormat.All => [.. Layouts.Select(layout => new LayoutTarget(layout, Path.Combine(options.Output, layout.Name)))],
        var one => [new(Layouts.Single(layout => layout.Name == one.ToString().ToLowerInvariant()), options.Output)],
    };
}
