using SkiaSharp;

namespace AutoDL.Bench.DetectionData;

/// <summary>
/// --draw-boxes: preview/{split}.png, the first images of each split enlarged, read back from the written files, with
/// their annotated boxes drawn over them. For checking by eye that every object has its box, that boxes fit their
/// objects to the pixel, and that distractors have none.
/// </summary>
internal static class BoxPreview
{
    private const int Shown = 24, Columns = 6, Zoom = 3, Gap = 6;

    /// <summary>A box's colour by class index, in <see cref="ShapeCatalogue.ClassNames"/> order: cross red, disc green,
    /// square cyan, star yellow, triangle magenta.</summary>
    private static readonly SKColor[] s_classColours = [SKColors.Red, SKColors.Lime, SKColors.Cyan, SKColors.Yellow, SKColors.Magenta];

    public static void Write(string folder, LayoutTarget source, IReadOnlyList<GeneratedSplit> splits)
    {
        Directory.CreateDirectory(folder);
        foreach (var split in splits.Where(s => s.Images.Count > 0))
        {
            var images = split.Images.Take(Shown).ToList();
            int tile = images[0].Size * Zoom, rows = (images.Count + Columns - 1) / Columns;
            using var sheet = new SKBitmap(Gap + (Columns * (tile + Gap)), Gap + (rows * (tile + Gap)));
            using (var canvas = new SKCanvas(sheet))
            {
                canvas.Clear(new SKColor(40, 40, 40));
                for (int k = 0; k < images.Count; k++)
                {
                    float x = Gap + (k % Columns * (tile + Gap)), y = Gap + (k / Columns * (tile + Gap));
                    using var image = SKImage.FromEncodedData(source.Layout.ImagePath(source.Root, images[k]));
                    canvas.DrawImage(image, new SKRect(x, y, x + tile, y + tile), new SKSamplingOptions(SKFilterMode.Nearest));
                    foreach (var o in images[k].Objects)
                    {
                        var box = new SKRect(x + (o.Box.Left * Zoom), y + (o.Box.Top * Zoom), x + (o.Box.Right * Zoom), y + (o.Box.Bottom * Zoom));
                        // A black line under the coloured one keeps the box visible on any background.
                        using var under = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = 3, Color = SKColors.Black };
                        using var over = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = 1, Color = s_classColours[o.ClassIndex % s_classColours.Length] };
                        canvas.DrawRect(box, under);
                        canvas.DrawRect(box, over);
                    }
                }
            }
            using var data = sheet.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(folder, split.Split.Name + ".png"), data.ToArray());
        }
    }
}
