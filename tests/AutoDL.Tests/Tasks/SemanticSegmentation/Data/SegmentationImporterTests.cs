using AutoDL.Data;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tests.TestData;
using SkiaSharp;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Data;

/// <summary>Both layouts import to checked pairs; every pair a model cannot learn from is skipped with its reason, never fatal.</summary>
public sealed class SegmentationImporterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("autodl-segmentation-import-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_images_and_masks_layout_pairs_by_name_takes_splits_from_folders_and_lists_every_bad_pair()
    {
        File.WriteAllLines(Path.Combine(_root, "classes.txt"), ["ground", "water", "building"]);
        WriteImage("train/images/a.jpg", 4, 2);
        WriteMask("train/masks/a.png", 4, 2, [0, 0, 1, 1, 2, 2, 255, 0]);
        WriteImage("train/images/sub/b.png", 2, 2);
        WriteMask("train/masks/sub/b.png", 2, 2, [1, 1, 1, 1]);
        WriteImage("val/images/c.png", 2, 1);
        WriteMask("val/masks/c.png", 2, 1, [2, 0]);
        WriteImage("test/images/d.png", 1, 1);
        WriteMask("test/masks/d.png", 1, 1, [1]);
        // What cannot be used, one of each.
        WriteImage("train/images/no-mask.png", 2, 2);
        WriteMask("train/masks/no-image.png", 2, 2, [0, 0, 0, 0]);
        WriteImage("train/images/other-size.png", 3, 3);
        WriteMask("train/masks/other-size.png", 2, 2, [0, 0, 0, 0]);
        WriteImage("train/images/unknown-class.png", 2, 1);
        WriteMask("train/masks/unknown-class.png", 2, 1, [0, 7]);
        WriteImage("train/images/jpeg-mask.png", 1, 1);
        File.WriteAllBytes(Path.Combine(_root, "train/masks/jpeg-mask.jpg"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(_root, "train/images/broken.png"), [1, 2, 3]);
        WriteMask("train/masks/broken.png", 1, 1, [0]);

        var listing = SegmentationImporter.Import(_root);

        Assert.Equal("masks", listing.Format);
        Assert.Equal(["ground", "water", "building"], listing.ClassNames);
        Assert.Equal(["a.jpg", "b.png", "c.png", "d.png"], listing.Images.Select(i => Path.GetFileName(i.ImagePath)));
        Assert.Equal([DataSplit.Train, DataSplit.Train, DataSplit.Validation, DataSplit.Test], listing.Images.Select(i => i.Split));
        var a = listing.Images[0];
        Assert.Equal((4, 2), (a.Width, a.Height));
        Assert.Equal([3L, 2, 2], a.ClassPixels);
        Assert.Equal([4L, 7, 3], listing.PixelsPerClass());
        var reasons = listing.Skipped.ToDictionary(s => Path.GetFileName(s.Path), s => s.Reason);
        Assert.Contains("no mask", reasons["no-mask.png"], StringComparison.Ordinal);
        Assert.Contains("no image", reasons["no-image.png"], StringComparison.Ordinal);
        Assert.Contains("2x2, but its image 'other-size.png' is 3x3", reasons["other-size.png"], StringComparison.Ordinal);
        Assert.Contains("pixel value 7, outside the 3 classes", reasons["unknown-class.png"], StringComparison.Ordinal);
        Assert.Contains("not a PNG", reasons["jpeg-mask.jpg"], StringComparison.Ordinal);
        Assert.Contains("no mask", reasons["jpeg-mask.png"], StringComparison.Ordinal);
        Assert.True(reasons.ContainsKey("broken.png"), string.Join("; ", reasons));
        Assert.Equal(7, listing.Skipped.Count);
    }

    [Fact]
    public void Without_classes_txt_the_largest_label_says_how_many_classes_there_are()
    {
        WriteImage("images/a.png", 2, 1);
        WriteMask("masks/a.png", 2, 1, [0, 4]);

        var listing = SegmentationImporter.Import(_root);

        Assert.Equal(["0", "1", "2", "3", "4"], listing.ClassNames);
        Assert.Equal(DataSplit.Train, Assert.Single(listing.Images).Split);
    }

    [Fact]
    public void Pascal_VOC_reads_palette_masks_with_VOCs_classes_and_the_segmentation_split_lists()
    {
        WriteImage("JPEGImages/2007_000032.jpg", 3, 1);
        WriteVocMask("SegmentationClass/2007_000032.png", 3, 1, [0, 1, 255]);
        WriteImage("JPEGImages/2007_000039.jpg", 2, 1);
        WriteVocMask("SegmentationClass/2007_000039.png", 2, 1, [20, 15]);
        WriteImage("JPEGImages/2007_000063.jpg", 1, 1);
        WriteVocMask("SegmentationClass/2007_000063.png", 1, 1, [8]);
        // A detection-only image (no mask) is not a problem; a mask no split lists is skipped.
        WriteImage("JPEGImages/2007_000001.jpg", 1, 1);
        Directory.CreateDirectory(Path.Combine(_root, "ImageSets/Segmentation"));
        File.WriteAllLines(Path.Combine(_root, "ImageSets/Segmentation/train.txt"), ["2007_000032"]);
        File.WriteAllLines(Path.Combine(_root, "ImageSets/Segmentation/val.txt"), ["2007_000039"]);

        var listing = SegmentationImporter.Import(_root);

        Assert.Equal("voc", listing.Format);
        Assert.Equal(21, listing.ClassNames.Count);
        Assert.Equal("tvmonitor", listing.ClassNames[20]);
        Assert.Equal([DataSplit.Train, DataSplit.Validation], listing.Images.Select(i => i.Split));
        // The border pixel (255) is in no class.
        Assert.Equal(2, listing.Images[0].ClassPixels.Sum());
        Assert.Equal(1, listing.Images[1].ClassPixels[15]);
        var skipped = Assert.Single(listing.Skipped);
        Assert.EndsWith("2007_000063.png", skipped.Path, StringComparison.Ordinal);
        Assert.Contains("not listed", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_with_no_usable_pair_is_refused_naming_the_folder_and_an_example()
    {
        WriteImage("images/a.png", 2, 2);
        WriteMask("masks/a.png", 1, 1, [0]);

        var error = Assert.Throws<AutoDLException>(() => SegmentationImporter.Import(_root));

        Assert.Contains(_root, error.Message, StringComparison.Ordinal);
        Assert.Contains("1x1, but its image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_classes_txt_with_a_blank_line_between_names_is_refused_naming_the_line()
    {
        File.WriteAllLines(Path.Combine(_root, "classes.txt"), ["ground", "", "building"]);
        WriteImage("images/a.png", 1, 1);
        WriteMask("masks/a.png", 1, 1, [0]);

        var error = Assert.Throws<AutoDLException>(() => SegmentationImporter.Import(_root));

        Assert.Contains("Line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_two_layouts_are_recognised()
    {
        Directory.CreateDirectory(Path.Combine(_root, "cats"));
        Assert.Null(SegmentationImporter.Recognise(_root));
        Assert.Throws<AutoDLException>(() => SegmentationImporter.Import(_root));

        Directory.CreateDirectory(Path.Combine(_root, "val", "images"));
        Directory.CreateDirectory(Path.Combine(_root, "val", "masks"));
        Assert.Equal("masks", SegmentationImporter.Recognise(_root));
    }

    private void WriteImage(string relative, int width, int height)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.Teal);
        using var data = bitmap.Encode(path.EndsWith(".jpg", StringComparison.Ordinal) ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, 90);
        File.WriteAllBytes(path, data.ToArray());
    }

    private void WriteMask(string relative, int width, int height, byte[] labels) => Write(relative, MaskPngs.Gray(width, height, labels));

    private void WriteVocMask(string relative, int width, int height, byte[] labels) => Write(relative, MaskPngs.Palette(width, height, labels, MaskPngs.VocPalette()));

    private void Write(string relative, byte[] bytes)
    {
        var path = Path.GetFullPath(Path.Combine(_root, relative));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }
}
