using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>
/// Imports a detection data set written as COCO JSON, Pascal VOC or YOLO: each format's reader lists the images and
/// the objects its files declare, then one check, the same for every format, reads each image's size from its file and
/// keeps the objects a detector can learn from. A bad annotation or image is skipped and listed, never fatal unless
/// nothing is left.
/// </summary>
public static class DetectionImporter
{
    /// <summary>The format of the data at <paramref name="path"/> ("coco", "voc" or "yolo"), or null when it is none of them.</summary>
    public static string? Recognise(string path) =>
        CocoReader.Recognises(path) ? CocoReader.Format
        : VocReader.Recognises(path) ? VocReader.Format
        : YoloReader.Recognises(path) ? YoloReader.Format
        : null;

    /// <summary>Imports the detection data at <paramref name="path"/>: a COCO annotation file or folder, a VOC folder or a YOLO folder.</summary>
    /// <exception cref="AutoDLException">The layout is none of them, or nothing usable is left.</exception>
    public static DetectionListing Import(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var listing = Recognise(path) switch
        {
            CocoReader.Format => CocoReader.Read(path, ct),
            VocReader.Format => VocReader.Read(path, ct),
            YoloReader.Format => YoloReader.Read(path, ct),
            _ => throw new AutoDLException($"'{path}' is not detection data this version reads. Give a COCO annotation file (or a folder with annotations/instances_train.json), a Pascal VOC folder (Annotations/ and JPEGImages/) or a YOLO folder (images/ and labels/, with data.yaml or classes.txt)."),
        };
        return Check(listing, path, ct);
    }

    /// <summary>Reads each image's size from its file and keeps the objects that fit it; sorts the classes by name.</summary>
    internal static DetectionListing Check(FormatListing listing, string source, CancellationToken ct)
    {
        var classNames = listing.ClassNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (classNames.Length == 0)
        {
            throw new AutoDLException($"The {listing.Format} data at '{source}' declares no classes. Name the classes the boxes belong to.");
        }
        var classes = classNames.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
        var files = listing.Files;
        var images = new LabelledImage?[files.Count];
        var problems = new List<SkippedFile>[files.Count];
        // Reading headers waits on the disk more than the CPU: several requests in flight (as the classifier's import does).
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Math.Max(16, Environment.ProcessorCount) };
        Parallel.For(0, files.Count, parallel, i => (images[i], problems[i]) = CheckFile(files[i], classes));
        var skipped = listing.Skipped.Concat(problems.SelectMany(p => p)).ToList();
        var kept = images.OfType<LabelledImage>().ToList();
        if (!kept.Any(image => image.Objects.Count > 0))
        {
            throw new AutoDLException($"The {listing.Format} data at '{source}' has no usable object: {files.Count} image(s) listed, {skipped.Count} problem(s) found"
                + (skipped.Count > 0 ? $", for example: {skipped[0].Path}: {skipped[0].Reason}" : "") + ". Check the boxes and class names.");
        }
        return new DetectionListing(listing.Format, source, classNames, kept, skipped);
    }

    private static (LabelledImage? Image, List<SkippedFile> Problems) CheckFile(AnnotatedFile file, IReadOnlyDictionary<string, int> classes)
    {
        var problems = new List<SkippedFile>();
        ImageHeader header;
        try
        {
            header = ImageDecoder.ReadHeader(file.ImagePath);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            problems.Add(new SkippedFile(file.ImagePath, e is ImageDecodeException ? e.Message : $"could not be read ({e.GetType().Name}: {e.Message})"));
            return (null, problems);
        }
        var objects = new List<ObjectAnnotation>(file.Objects.Count);
        foreach (var declared in file.Objects)
        {
            if (AnnotationChecks.Check(declared, header.Width, header.Height, classes, out var problem) is { } annotation)
            {
                objects.Add(annotation);
            }
            else
            {
                problems.Add(new SkippedFile(file.AnnotationPath, $"{declared.Where}: {problem}"));
            }
        }
        return (new LabelledImage(file.ImagePath, file.Split, header.Width, header.Height, objects), problems);
    }
}
