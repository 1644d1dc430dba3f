namespace AutoDL.Bench.DetectionData;

/// <summary>
/// The scenes as semantic segmentation data, in the layout <c>autodl fit</c> reads: <c>{train,val,test}/images/</c> and
/// <c>{train,val,test}/masks/</c>, a mask per image with the same name whose pixel values are class indices (0 for the
/// background and the distractor shapes, 1 + the shape's class for each object), and <c>classes.txt</c> naming them.
/// </summary>
internal sealed class MaskLayout : IDatasetLayout
{
    /// <summary>The label of every pixel no object covers: the backdrop and the distractors.</summary>
    public const string Background = "background";

    public string Name => "masks";

    public IReadOnlyList<string> Entries => ["train", "val", "test", "classes.txt"];

    public string ImagePath(string root, GeneratedImage image) => Path.Combine(root, image.Split.Name, "images", image.FileName);

    public string? MaskPath(string root, GeneratedImage image) => Path.Combine(root, image.Split.Name, "masks", image.FileName);

    public void WriteAnnotations(string root, IReadOnlyList<GeneratedSplit> splits) =>
        File.WriteAllLines(Path.Combine(root, "classes.txt"), [Background, .. ShapeCatalogue.ClassNames]);
}
