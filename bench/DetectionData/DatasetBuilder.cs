using System.Security.Cryptography;

namespace AutoDL.Bench.DetectionData;

/// <summary>Draws every image of every split on all cores, writes each PNG into every layout, then the annotations.</summary>
internal static class DatasetBuilder
{
    public static IReadOnlyList<GeneratedSplit> Build(GeneratorOptions options, IReadOnlyList<LayoutTarget> targets, CancellationToken ct)
    {
        var splits = DatasetSplit.For(options);
        // Masks cost a second canvas per image: drawn only when a layout writes them.
        bool masks = targets.Any(t => t.Layout is MaskLayout);
        // One flat list of work across the splits keeps every core busy until the very end.
        var work = splits.SelectMany(split => Enumerable.Range(0, split.Count).Select(index => (Split: split, Index: index))).ToArray();
        var images = new GeneratedImage[work.Length];
        Parallel.For(0, work.Length, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var (split, index) = work[i];
            var (png, maskPng, objects) = ImageGenerator.Generate(split, index, options.Size, options.Seed, masks);
            var image = new GeneratedImage(split, index, options.Size, objects, SHA256.HashData(png));
            foreach (var target in targets)
            {
                var path = target.Layout.ImagePath(target.Root, image);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, png);
                if (target.Layout.MaskPath(target.Root, image) is { } maskPath)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(maskPath)!);
                    File.WriteAllBytes(maskPath, maskPng!);
                }
            }
            images[i] = image;
        });
        var generated = splits.Select(split => new GeneratedSplit(split, [.. images.Where(image => image.Split == split)])).ToList();
        foreach (var target in targets)
        {
            ct.ThrowIfCancellationRequested();
            target.Layout.WriteAnnotations(target.Root, generated);
        }
        return generated;
    }
}
