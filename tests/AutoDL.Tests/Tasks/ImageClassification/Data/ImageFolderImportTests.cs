using AutoDL.Data;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tests.Data;
using AutoDL.Tests.TestData;
using SkiaSharp;

namespace AutoDL.Tests.Tasks.ImageClassification.Data;

public sealed class ImageFolderImportTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Import_reads_class_folders_with_labels_in_ordinal_order_and_keeps_a_shared_small_size()
    {
        // Given two classes of 12x10 colour images, with mixed-case extensions
        for (int i = 0; i < 3; i++)
        {
            TestImages.WritePng(_temp.Combine("zebra", $"{i}.PNG"), 12, 10, SKColors.Red);
            TestImages.WritePng(_temp.Combine("Ant", $"{i}.png"), 12, 10, SKColors.Blue);
        }

        // When the folder is imported
        var data = DataImporter.Import(_temp.Path);

        // Then classes are sorted ordinally, the size is kept and labels follow the folders
        Assert.Equal("image-folder", data.Format);
        Assert.Equal(new[] { "Ant", "zebra" }, data.ClassNames);
        Assert.Equal(new ImageShape(3, 10, 12), data.Shape);
        Assert.Equal(6, data.Train.Count);
        Assert.Null(data.Test);
        Assert.Null(data.Validation);
        Assert.Empty(data.Skipped);
        int zebra = Enumerable.Range(0, 6).First(i => data.Train.Labels[i] == 1);
        Assert.Equal(255, data.Train.Image(zebra)[0]);
        Assert.Contains("zebra", data.Train.Sources![zebra]);
    }

    [Fact]
    public void Import_uses_train_test_and_validation_folders_as_splits_sharing_one_class_list()
    {
        foreach (var cls in new[] { "a", "b", "c" })
        {
            TestImages.WriteGrayPng(_temp.Combine("train", cls, "1.png"), 8, 8, 10);
            TestImages.WriteGrayPng(_temp.Combine("train", cls, "2.png"), 8, 8, 20);
        }
        TestImages.WriteGrayPng(_temp.Combine("test", "a", "1.png"), 8, 8, 30);
        TestImages.WriteGrayPng(_temp.Combine("validation", "c", "1.png"), 8, 8, 40);

        var data = DataImporter.Import(_temp.Path);

        Assert.Equal(6, data.Train.Count);
        Assert.Equal(1, data.Test!.Count);
        Assert.Equal(1, data.Validation!.Count);
        Assert.Equal(new[] { "a", "b", "c" }, data.Test.ClassNames);
        Assert.Equal(2, data.Validation.Labels[0]);
        Assert.Equal(40, data.Validation.Image(0)[0]);
    }

    [Fact]
    public void Import_gives_one_channel_when_every_image_is_grey_even_if_stored_as_colour()
    {
        TestImages.WriteGrayPng(_temp.Combine("a", "1.png"), 6, 6, 50);
        TestImages.WriteGrayPng(_temp.Combine("a", "2.png"), 6, 6, 60);
        TestImages.WritePng(_temp.Combine("b", "1.png"), 6, 6, new SKColor(70, 70, 70));
        TestImages.WritePng(_temp.Combine("b", "2.png"), 6, 6, new SKColor(80, 80, 80));

        var data = DataImporter.Import(_temp.Path);

        Assert.Equal(new ImageShape(1, 6, 6), data.Shape);
        Assert.Equal(70, data.Train.Image(2)[0]);
    }

    [Fact]
    public void Import_gives_three_channels_when_any_image_has_colour()
    {
        TestImages.WriteGrayPng(_temp.Combine("a", "1.png"), 6, 6, 50);
        TestImages.WriteGrayPng(_temp.Combine("a", "2.png"), 6, 6, 60);
        TestImages.WritePng(_temp.Combine("b", "1.png"), 6, 6, new SKColor(70, 70, 70));
        TestImages.WritePng(_temp.Combine("b", "2.png"), 6, 6, new SKColor(70, 71, 70));

        var data = DataImporter.Import(_temp.Path);

        Assert.Equal(3, data.Shape.Channels);
        Assert.Equal(50, data.Train.Image(0)[36]); // green plane of a grey image
        Assert.Equal(71, data.Train.Image(3)[36]);
    }

    [Fact]
    public void Import_resizes_mixed_sizes_to_a_square_of_the_median_larger_side_capped_at_MaxSide()
    {
        // Given larger sides 10, 20, 30 and 200
        TestImages.WritePng(_temp.Combine("a", "1.png"), 10, 5, SKColors.Red);
        TestImages.WritePng(_temp.Combine("a", "2.png"), 20, 20, SKColors.Red);
        TestImages.WritePng(_temp.Combine("b", "1.png"), 8, 30, SKColors.Blue);
        TestImages.WritePng(_temp.Combine("b", "2.png"), 200, 150, SKColors.Blue);

        var uncapped = DataImporter.Import(_temp.Path);
        var capped = DataImporter.Import(_temp.Path, new ImportOptions { MaxSide = 16 });

        Assert.Equal(new ImageShape(3, 30, 30), uncapped.Shape);
        Assert.Equal(new ImageShape(3, 16, 16), capped.Shape);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(i < 2 ? 255 : 0, capped.Train.Image(i)[100]));
    }

    [Fact]
    public void Import_resizes_a_single_shared_size_above_MaxSide()
    {
        TestImages.WritePng(_temp.Combine("a", "1.png"), 100, 100, SKColors.Red);
        TestImages.WritePng(_temp.Combine("a", "2.png"), 100, 100, SKColors.Red);
        TestImages.WritePng(_temp.Combine("b", "1.png"), 100, 100, SKColors.Blue);
        TestImages.WritePng(_temp.Combine("b", "2.png"), 100, 100, SKColors.Blue);

        Assert.Equal(new ImageShape(3, 64, 64), DataImporter.Import(_temp.Path).Shape);
    }

    [Fact]
    public void Import_obeys_a_forced_shape_and_class_order()
    {
        WriteTwoClasses();

        var data = DataImporter.Import(_temp.Path, new ImportOptions { TargetShape = new ImageShape(3, 4, 5), ClassNames = ["b", "extra", "a"] });

        Assert.Equal(new ImageShape(3, 4, 5), data.Shape);
        Assert.Equal(new[] { "b", "extra", "a" }, data.ClassNames);
        Assert.Equal(new[] { 2, 2, 0, 0 }, data.Train.Labels);
        Assert.Equal(60, data.Train.Image(0)[0]);
        Assert.Equal(90, data.Train.Image(3)[40]); // blue plane starts after 2 x 4 x 5 bytes
    }

    [Fact]
    public void Import_reports_progress_up_to_every_file()
    {
        WriteTwoClasses();
        var reports = new List<ImportProgress>();

        DataImporter.Import(_temp.Path, progress: new SynchronousProgress<ImportProgress>(reports.Add));

        Assert.Contains(reports, r => r.Stage == "decoding" && r.Done == 4 && r.Total == 4);
        Assert.Equal("done", reports[^1].Stage);
    }

    [Fact]
    public void Import_stops_when_cancelled()
    {
        WriteTwoClasses();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => DataImporter.Import(_temp.Path, ct: cancelled.Token));
    }

    [Fact]
    public void Missing_path_is_an_error_naming_the_path()
    {
        var missing = _temp.Combine("nope");

        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(missing));

        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Empty_folder_is_an_error_that_shows_the_expected_layout()
    {
        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(_temp.Path));

        Assert.Contains("is empty", error.Message);
        Assert.Contains(_temp.Combine("cat", "1.png"), error.Message);
    }

    [Fact]
    public void Images_without_class_folders_are_an_error_asking_for_subfolders()
    {
        TestImages.WritePng(_temp.Combine("1.png"), 4, 4, SKColors.Red);

        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(_temp.Path));

        Assert.Contains("no class subfolders", error.Message);
    }

    [Fact]
    public void Class_folders_without_images_are_an_error()
    {
        TestImages.Write(_temp.Combine("a", "notes.txt"), "x"u8.ToArray());
        TestImages.Write(_temp.Combine("b", "notes.txt"), "x"u8.ToArray());

        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(_temp.Path));

        Assert.Contains("No images found", error.Message);
    }

    [Fact]
    public void A_single_class_is_an_error_saying_two_are_needed()
    {
        TestImages.WritePng(_temp.Combine("cat", "1.png"), 4, 4, SKColors.Red);
        TestImages.WritePng(_temp.Combine("cat", "2.png"), 4, 4, SKColors.Red);

        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(_temp.Path));

        Assert.Contains("at least two classes", error.Message);
        Assert.Contains("'cat'", error.Message);
    }

    [Fact]
    public void A_class_with_one_image_is_an_error_naming_the_class_and_its_folder()
    {
        TestImages.WritePng(_temp.Combine("cat", "1.png"), 4, 4, SKColors.Red);
        TestImages.WritePng(_temp.Combine("cat", "2.png"), 4, 4, SKColors.Red);
        TestImages.WritePng(_temp.Combine("dog", "1.png"), 4, 4, SKColors.Blue);

        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(_temp.Path));

        Assert.Contains("'dog' has 1 usable training image", error.Message);
        Assert.Contains(_temp.Combine("dog"), error.Message);
    }

    [Fact]
    public void Corrupt_file_is_skipped_and_listed()
    {
        WriteTwoClasses();
        var corrupt = TestImages.Write(_temp.Combine("a", "corrupt.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);

        var data = DataImporter.Import(_temp.Path);

        Assert.Equal(4, data.Train.Count);
        Assert.Equal(corrupt, Assert.Single(data.Skipped).Path);
    }

    [Fact]
    public void File_with_another_extension_is_skipped_as_not_an_image()
    {
        WriteTwoClasses();
        var notes = TestImages.Write(_temp.Combine("b", "notes.txt"), "hello"u8.ToArray());

        var data = DataImporter.Import(_temp.Path);

        var skipped = Assert.Single(data.Skipped);
        Assert.Equal(notes, skipped.Path);
        Assert.Contains("not an image", skipped.Reason);
    }

    [Fact]
    public void Text_file_named_like_an_image_is_skipped()
    {
        WriteTwoClasses();
        TestImages.Write(_temp.Combine("b", "fake.jpg"), "not really a jpeg"u8.ToArray());

        var data = DataImporter.Import(_temp.Path);

        Assert.Contains("not a recognised image", Assert.Single(data.Skipped).Reason);
    }

    [Fact]
    public void Truncated_png_is_skipped_as_truncated()
    {
        WriteTwoClasses();
        var whole = TestImages.Encode(40, 40, (x, y) => new SKColor((byte)(x * 6), (byte)(y * 6), (byte)(x ^ y)));
        var cut = TestImages.Write(_temp.Combine("a", "cut.png"), whole[..(whole.Length / 2)]);

        var data = DataImporter.Import(_temp.Path);

        var skipped = Assert.Single(data.Skipped);
        Assert.Equal(cut, skipped.Path);
        Assert.Contains("truncated", skipped.Reason);
        Assert.Equal(4, data.Train.Count);
    }

    [Fact]
    public void Zero_byte_file_is_skipped_as_empty()
    {
        WriteTwoClasses();
        TestImages.Write(_temp.Combine("a", "empty.png"), []);

        var data = DataImporter.Import(_temp.Path);

        Assert.Contains("0 bytes", Assert.Single(data.Skipped).Reason);
    }

    [Fact]
    public void Unreadable_file_is_skipped()
    {
        // A dangling symbolic link cannot be read by anyone, root included (chmod 000 does not stop root).
        WriteTwoClasses();
        var link = _temp.Combine("a", "gone.png");
        File.CreateSymbolicLink(link, _temp.Combine("does-not-exist.png"));

        var data = DataImporter.Import(_temp.Path);

        var skipped = Assert.Single(data.Skipped);
        Assert.Equal(link, skipped.Path);
        Assert.Contains("cannot be read", skipped.Reason);
    }

    [Fact]
    public void Gigantic_image_declared_in_its_header_is_skipped_without_allocating_it()
    {
        WriteTwoClasses();
        TestImages.Write(_temp.Combine("a", "bomb.png"), TestImages.PngHeaderClaiming(100_000, 100_000));
        long before = GC.GetTotalAllocatedBytes(precise: true);

        var data = DataImporter.Import(_temp.Path);

        Assert.Contains("megapixel limit", Assert.Single(data.Skipped).Reason);
        Assert.Equal(new ImageShape(3, 4, 4), data.Shape);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 50_000_000);
    }

    [Fact]
    public void Nothing_usable_is_an_error_counting_skipped_files_and_showing_reasons()
    {
        TestImages.Write(_temp.Combine("a", "1.png"), []);
        TestImages.Write(_temp.Combine("b", "1.png"), "junk"u8.ToArray());

        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(_temp.Path));

        Assert.Contains("2 of 2 files were skipped", error.Message);
        Assert.Contains("0 bytes", error.Message);
    }

    [Fact]
    public void Label_missing_from_forced_class_names_is_an_error_naming_label_and_file()
    {
        WriteTwoClasses();

        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(_temp.Path, new ImportOptions { ClassNames = ["a", "c"] }));

        Assert.Contains("Label 'b'", error.Message);
        Assert.Contains(_temp.Combine("b"), error.Message);
    }

    private void WriteTwoClasses()
    {
        TestImages.WritePng(_temp.Combine("a", "1.png"), 4, 4, new SKColor(60, 0, 0));
        TestImages.WritePng(_temp.Combine("a", "2.png"), 4, 4, new SKColor(60, 0, 0));
        TestImages.WritePng(_temp.Combine("b", "1.png"), 4, 4, new SKColor(0, 0, 90));
        TestImages.WritePng(_temp.Combine("b", "2.png"), 4, 4, new SKColor(0, 0, 90));
    }
}
