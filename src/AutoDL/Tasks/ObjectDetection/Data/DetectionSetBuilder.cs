using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>Decodes a listing's images into a <see cref="DetectionSet"/> at the detector's input size, in parallel.</summary>
internal static class DetectionSetBuilder
{
    /// <summary>
    /// Decodes <paramref name="images"/> into <paramref name="input"/>-shaped letterboxes. An image that cannot be
    /// decoded now (changed since it was listed) is left out and added to <paramref name="skipped"/>.
    /// </summary>
    public static DetectionSet Build(IReadOnlyList<LabelledImage> images, ImageShape input, List<SkippedFile> skipped, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(skipped);
        int size = input.PixelCount;
        var buffer = new byte[(long)images.Count * size];
        var failures = new SkippedFile?[images.Count];
        var letterboxes = new Letterbox[images.Count];
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, images.Count, parallel, i =>
        {
            var image = images[i];
            var letterbox = Letterbox.For(image.Width, image.Height, input);
            letterboxes[i] = letterbox;
            try
            {
                Place(ImageDecoder.ReadFile(image.Path), letterbox, input, buffer.AsSpan(i * size, size));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures[i] = new SkippedFile(image.Path, e is ImageDecodeException ? e.Message : $"could not be decoded ({e.GetType().Name}: {e.Message})");
            }
        });
        skipped.AddRange(failures.OfType<SkippedFile>());
        var kept = Enumerable.Range(0, images.Count).Where(i => failures[i] is null).ToArray();
        var pixels = kept.Length == images.Count ? buffer : new byte[(long)kept.Length * size];
        if (!ReferenceEquals(pixels, buffer))
        {
            for (int n = 0; n < kept.Length; n++)
            {
                buffer.AsSpan(kept[n] * size, size).CopyTo(pixels.AsSpan(n * size, size));
            }
        }
        return new DetectionSet(
            pixels,
            input,
            [.. kept.Select(i => (IReadOnlyList<ObjectAnnotation>)[.. images[i].Objects.Select(o => o with { Box = letterboxes[i].ToInput(o.Box), Area = o.Area * letterboxes[i].ScaleX * letterboxes[i].ScaleY })])],
            [.. kept.Select(i => letterboxes[i])],
            [.. kept.Select(i => images[i].Path)]);
    }

    /// <summary>
    /// Decodes an encoded image of any size into <paramref name="input"/>'s letterbox: what the detector sees of it, and
    /// how its boxes map back.
    /// </summary>
    /// <exception cref="AutoDLException">The bytes are not an image that can be decoded.</exception>
    public static (byte[] Pixels, Letterbox Letterbox) Letterboxed(byte[] encoded, ImageShape input)
    {
        var header = ImageDecoder.ReadHeader(encoded);
        var letterbox = Letterbox.For(header.Width, header.Height, input);
        var pixels = new byte[input.PixelCount];
        Place(encoded, letterbox, input, pixels);
        return (pixels, letterbox);
    }

    /// <summary>Decodes one image at its letterbox size and copies it into the top left of its padded slot.</summary>
    private static void Place(byte[] encoded, Letterbox letterbox, ImageShape input, Span<byte> slot)
    {
        var resized = input with { Height = letterbox.Height, Width = letterbox.Width };
        var pixels = ImageDecoder.Decode(encoded, resized);
        slot.Fill(Letterbox.Padding);
        for (int c = 0; c < input.Channels; c++)
        {
            for (int y = 0; y < resized.Height; y++)
            {
                pixels.AsSpan((c * resized.Height * resized.Width) + (y * resized.Width), resized.Width)
                    .CopyTo(slot[((c * input.Height * input.Width) + (y * input.Width))..]);
            }
        }
    }
}
