using System.Diagnostics;
using System.Globalization;
using AutoDL.Data;
using AutoDL.Packaging;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Inference;

// The issue-22 inference criteria for a segmentation package:
//   engines MODEL IMAGE_FOLDER   ONNX Runtime against libtorch masks on every image (criterion: >= 99.9 % of pixels alike)
//   mosaic FOLDER OUT.png WIDTH HEIGHT   a large scene tiled from a data folder's images/ and masks/ (OUT.png, OUT.mask.png)
//   tiling MODEL IMAGE [MASK [SIDE OVERLAP]]  windowed (the product's windows unless SIDE and OVERLAP are given) against
//                                whole-image prediction on one image (criterion: >= 99 % alike), timed, with pixel accuracy
//                                against MASK when given
// Peak memory is measured on the product itself: /usr/bin/time -v autodl predict MODEL IMAGE --masks DIR.
//   dotnet run -c Release --project bench/SegmentationInference -- MODE ...
return args.FirstOrDefault() switch
{
    "engines" when args.Length == 3 => Engines(args[1], args[2]),
    "mosaic" when args.Length == 5 => Mosaic(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture)),
    "tiling" when args.Length is 3 or 4 or 6 => Tiling(args[1], args[2], args.Length >= 4 ? args[3] : null, args.Length == 6 ? int.Parse(args[4], CultureInfo.InvariantCulture) : TileGrid.DefaultSide, args.Length == 6 ? int.Parse(args[5], CultureInfo.InvariantCulture) : TileGrid.DefaultOverlap),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SegmentationInference engines MODEL IMAGE_FOLDER | mosaic FOLDER OUT.png WIDTH HEIGHT | tiling MODEL IMAGE [MASK [SIDE OVERLAP]]");
    return 2;
}

static int Engines(string model, string folder)
{
    var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(ImageDecoder.HasImageExtension).Order(StringComparer.Ordinal).ToList();
    using var onnx = SemanticSegmenter.Load(model, InferenceBackend.Onnx);
    using var torch = SemanticSegmenter.Load(model, InferenceBackend.Torch);
    long pixels = 0, differing = 0;
    int imagesDiffering = 0;
    foreach (var file in files)
    {
        var a = torch.Segment(file).Labels;
        var b = onnx.Segment(file).Labels;
        int differ = a.Zip(b).Count(p => p.First != p.Second);
        pixels += a.Length;
        differing += differ;
        imagesDiffering += differ > 0 ? 1 : 0;
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{files.Count} images, {pixels} pixels: {differing} labelled differently by ONNX Runtime and libtorch ({1 - ((double)differing / pixels):0.######} alike); {imagesDiffering} image(s) with any difference"));
    return 0;
}

static int Mosaic(string folder, string output, int width, int height)
{
    var images = Directory.EnumerateFiles(Path.Combine(folder, "images"), "*.png").Order(StringComparer.Ordinal).ToList();
    var pixels = new byte[3L * width * height];
    var labels = new byte[(long)width * height];
    int next = 0, rowHeight = 0;
    for (int top = 0; top < height; top += rowHeight)
    {
        rowHeight = 0;
        for (int left = 0; left < width;)
        {
            var file = images[next++ % images.Count];
            var header = ImageDecoder.ReadHeader(File.ReadAllBytes(file));
            var image = ImageDecoder.Decode(File.ReadAllBytes(file), new ImageShape(3, header.Height, header.Width));
            var mask = MaskDecoder.Decode(File.ReadAllBytes(Path.Combine(folder, "masks", Path.GetFileName(file))));
            for (int y = 0; y < header.Height && top + y < height; y++)
            {
                for (int x = 0; x < header.Width && left + x < width; x++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        pixels[(((long)c * height) + top + y) * width + left + x] = image[(((c * header.Height) + y) * header.Width) + x];
                    }
                    labels[((long)(top + y) * width) + left + x] = mask.Labels[(y * header.Width) + x];
                }
            }
            left += header.Width;
            rowHeight = Math.Max(rowHeight, header.Height);
        }
    }
    var truth = new ClassMask(width, height, labels);
    File.WriteAllBytes(output, ScenePng(pixels, width, height));
    File.WriteAllBytes(Path.ChangeExtension(output, ".mask.png"), MaskImages.Png(truth));
    Console.WriteLine($"{output}: {width}x{height} from {Math.Min(next, images.Count)} distinct images of {folder}");
    return 0;
}

static byte[] ScenePng(byte[] pixels, int width, int height)
{
    using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(width, height, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Opaque));
    var destination = bitmap.GetPixelSpan();
    long plane = (long)width * height;
    for (int y = 0; y < height; y++)
    {
        for (int x = 0; x < width; x++)
        {
            long from = ((long)y * width) + x;
            int at = (y * bitmap.RowBytes) + (x * 4);
            destination[at] = pixels[from];
            destination[at + 1] = pixels[plane + from];
            destination[at + 2] = pixels[(2 * plane) + from];
            destination[at + 3] = 255;
        }
    }
    using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
    using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
    return data.ToArray();
}

static int Tiling(string model, string imagePath, string? maskPath, int side, int overlap)
{
    var package = ModelPackage.ReadContents(model);
    var (pixels, width, height) = SemanticSegmenter.Decode(imagePath);
    var truth = maskPath is null ? null : MaskDecoder.Decode(File.ReadAllBytes(maskPath)).Labels;
    using var engine = TorchSegmentationEngine.Load(package, Environment.ProcessorCount);
    var windowed = Predict(engine, pixels, width, height, side, overlap, out var windowedTime);
    var whole = Predict(engine, pixels, width, height, (Math.Max(width, height) + PixelLogits.Alignment - 1) / PixelLogits.Alignment * PixelLogits.Alignment, 0, out var wholeTime);
    long alike = windowed.Zip(whole).LongCount(p => p.First == p.Second);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{imagePath}: {width}x{height}; windowed ({side} px, overlap {overlap}) {windowedTime.TotalSeconds:0.0} s, whole {wholeTime.TotalSeconds:0.0} s; {(double)alike / windowed.Length:0.#####} of pixels alike"));
    if (truth is not null)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pixel accuracy against the mask: windowed {Accuracy(windowed, truth):0.#####}, whole {Accuracy(whole, truth):0.#####}"));
    }
    return 0;
}

static byte[] Predict(ISegmentationEngine engine, byte[] pixels, int width, int height, int side, int overlap, out TimeSpan elapsed)
{
    var labels = new byte[(long)width * height];
    var clock = Stopwatch.StartNew();
    PixelLogits.Run(engine, [(pixels, width, height)], (_, rows) => rows.ArgMax(labels.AsSpan(rows.Top * width, rows.Pixels)), side, overlap);
    elapsed = clock.Elapsed;
    return labels;
}

static double Accuracy(byte[] predicted, byte[] truth) =>
    (double)predicted.Zip(truth).LongCount(p => p.First == p.Second && p.Second != 255) / truth.LongCount(t => t != 255);
