using AutoDL.Tasks.SemanticSegmentation.Quality;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Quality;

/// <summary>`autodl inspect` on segmentation data: pixel shares per split, one-class masks, what was left out, and a test image copied into training.</summary>
public sealed class SegmentationInspectionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("autodl-segmentation-inspect-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_report_gives_each_splits_pixel_shares_its_one_class_masks_the_pairs_left_out_and_copies_across_splits()
    {
        MaskScenes.Write(_root, train: 12, validation: 4, test: 4);
        // A test image and its mask copied into training (a leak), an all-background mask, and an image without a mask.
        File.Copy(Path.Combine(_root, "test", "images", "000.png"), Path.Combine(_root, "train", "images", "leak.png"));
        File.Copy(Path.Combine(_root, "test", "masks", "000.png"), Path.Combine(_root, "train", "masks", "leak.png"));
        File.Copy(Path.Combine(_root, "train", "images", "000.png"), Path.Combine(_root, "train", "images", "plain.png"));
        File.WriteAllBytes(Path.Combine(_root, "train", "masks", "plain.png"), MaskPngs.Gray(MaskScenes.Width, MaskScenes.Height, new byte[MaskScenes.Width * MaskScenes.Height]));
        File.Copy(Path.Combine(_root, "train", "images", "001.png"), Path.Combine(_root, "train", "images", "orphan.png"));

        var report = SegmentationInspection.Inspect(_root);

        Assert.Equal(["train", "validation", "test"], report.Splits.Keys);
        Assert.Equal(14, report.Splits["train"].Images);
        Assert.All(report.Splits.Values, split => Assert.Equal(1.0, split.PixelShare.Sum(), 9));
        Assert.True(report.Splits["train"].PixelShare[0] > 0.5, "background is most of every scene");
        Assert.True(report.Splits["train"].SingleClassMasks >= 1);
        Assert.Contains(report.Skipped, s => s.Path.EndsWith("orphan.png", StringComparison.Ordinal) && s.Reason.Contains("no mask", StringComparison.Ordinal));
        Assert.Contains(report.Duplicates, d => d.CrossSplit && (d.First.Source.EndsWith("leak.png", StringComparison.Ordinal) || d.Second.Source.EndsWith("leak.png", StringComparison.Ordinal)));
        Assert.Empty(report.ClassesWithoutTrainingPixels);
    }
}
