using System.Globalization;
using AutoDL.Data;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>
/// Reads YOLO (Ultralytics) detection data: images under <c>images/</c> (in <c>train/</c>, <c>val/</c> and <c>test/</c>, or
/// directly), and for each a text file of the same name under <c>labels/</c> with one line per object,
/// <c>class centre-x centre-y width height</c> in fractions of the image. Class names come from <c>data.yaml</c>
/// (<c>names</c> as a list or as index: name) or <c>classes.txt</c>. An image without a label file has no objects.
/// </summary>
internal static class YoloReader
{
    public const string Format = "yolo";

    private static readonly (string Folder, DataSplit Split)[] s_splits =
        [("train", DataSplit.Train), ("val", DataSplit.Validation), ("valid", DataSplit.Validation), ("validation", DataSplit.Validation), ("test", DataSplit.Test)];

    public static bool Recognises(string path) =>
        Directory.Exists(Path.Combine(path, "images")) && Directory.Exists(Path.Combine(path, "labels"));

    /// <summary>The most a class-name file (data.yaml, classes.txt) may hold: class names take a few kilobytes.</summary>
    private const long MaxNamesBytes = 1 << 20;

    /// <summary>The deepest nesting data.yaml may have: YamlDotNet's document model recurses once per level.</summary>
    private const int MaxYamlDepth = 16;

    public static FormatListing Read(string path, CancellationToken ct)
    {
        var root = Path.GetFullPath(path);
        var classNames = ClassNames(root);
        var files = new List<AnnotatedFile>();
        var skipped = new List<SkippedFile>();
        var images = Path.Combine(root, "images");
        // One walker for every split, rooted at the data: a link from one split's folder into another's is not followed.
        var imageWalker = new FolderWalker(root, skipped, ct);
        var labelWalker = new FolderWalker(root, skipped, ct);
        var splitFolders = s_splits.Where(s => Directory.Exists(Path.Combine(images, s.Folder))).ToList();
        if (splitFolders.Count == 0)
        {
            ReadFolder(images, Path.Combine(root, "labels"), DataSplit.Train, classNames, imageWalker, labelWalker, files, skipped);
        }
        else
        {
            foreach (var (folder, split) in splitFolders)
            {
                ReadFolder(Path.Combine(images, folder), Path.Combine(root, "labels", folder), split, classNames, imageWalker, labelWalker, files, skipped);
            }
        }
        return new FormatListing(Format, classNames, files, skipped);
    }

    private static void ReadFolder(string imageFolder, string labelFolder, DataSplit split, IReadOnlyList<string> classNames, FolderWalker walker, FolderWalker labelWalker, List<AnnotatedFile> files, List<SkippedFile> skipped)
    {
        var labelled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in walker.Walk(imageFolder).Where(ImageDecoder.HasImageExtension))
        {
            var relative = Path.GetRelativePath(imageFolder, image);
            var label = Path.Combine(labelFolder, Path.ChangeExtension(relative, ".txt"));
            labelled.Add(Path.GetFullPath(label));
            IReadOnlyList<DeclaredObject> objects = File.Exists(label) ? ReadLabels(label, classNames, skipped) : [];
            files.Add(new AnnotatedFile(image, split, label, objects));
        }
        if (Directory.Exists(labelFolder))
        {
            foreach (var label in labelWalker.Walk(labelFolder).Where(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)))
            {
                if (!labelled.Contains(Path.GetFullPath(label)))
                {
                    skipped.Add(new SkippedFile(label, $"a label file without its image (no image of that name under {imageFolder})"));
                }
            }
        }
    }

    private static List<DeclaredObject> ReadLabels(string file, IReadOnlyList<string> classNames, List<SkippedFile> skipped)
    {
        var objects = new List<DeclaredObject>();
        if (RegularFile.Problem(file) is { } problem)
        {
            // An empty label file is an image with no objects; a pipe or device (size 0 too) is never opened either way.
            if (!File.Exists(file) || new FileInfo(file).Length != 0 || Directory.Exists(file))
            {
                skipped.Add(new SkippedFile(file, problem));
            }
            return objects;
        }
        int number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }
            string where = $"line {number}";
            var values = new double[fields.Length];
            bool numbers = fields.Select((f, i) => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok);
            if (fields.Length != 5 || !numbers)
            {
                skipped.Add(new SkippedFile(file, $"{where}: expected 'class centre-x centre-y width height' (five numbers), found {fields.Length} field(s)"
                    + (fields.Length > 5 && numbers ? "; a polygon (segmentation) label, not a box" : "")));
                continue;
            }
            int index = (int)values[0];
            bool known = values[0] == index && index >= 0 && index < classNames.Count;
            objects.Add(new DeclaredObject(BoundingBox.FromCentre(values[1], values[2], values[3], values[4]), Normalized: true, known ? classNames[index] : null, where)
            {
                ClassText = fields[0],
            });
        }
        return objects;
    }

    /// <summary>The class names by index, from data.yaml's <c>names</c> or from classes.txt.</summary>
    private static List<string> ClassNames(string root)
    {
        foreach (var yaml in new[] { "data.yaml", "data.yml", "dataset.yaml" }.Select(name => Path.Combine(root, name)).Where(File.Exists))
        {
            return FromYaml(yaml);
        }
        var classes = Path.Combine(root, "classes.txt");
        if (File.Exists(classes))
        {
            var names = ReadSmallText(classes).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
            return names.Count > 0 ? names : throw new AutoDLException($"'{classes}' lists no class names. Put one class name per line, in the order of the label files' class numbers.");
        }
        throw new AutoDLException($"The YOLO data at '{root}' names no classes. Add data.yaml with 'names: [cat, dog]' (or classes.txt, one name per line), in the order of the label files' class numbers.");
    }

    private static List<string> FromYaml(string file)
    {
        var text = ReadSmallText(file);
        var stream = new YamlStream();
        try
        {
            CheckDepth(text, file);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new AutoDLException($"'{file}' is not valid YAML ({e.Message}).", e);
        }
        var names = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("names"), out var node) ? node : null;
        List<string>? result = names switch
        {
            YamlSequenceNode list => [.. list.Children.Select(n => (n as YamlScalarNode)?.Value ?? "")],
            // names: {0: cat, 1: dog}: by index, which must run 0, 1, 2, ... without a gap.
            YamlMappingNode byIndex => ByIndex(byIndex),
            _ => null,
        };
        if (result is null || result.Count == 0 || result.Any(string.IsNullOrWhiteSpace))
        {
            throw new AutoDLException($"'{file}' has no usable 'names': give the class names as a list (names: [cat, dog]) or by index (names: {{0: cat, 1: dog}}), none empty.");
        }
        return result;
    }

    /// <summary>
    /// Refuses YAML nested deeper than <see cref="MaxYamlDepth"/> before the document model reads it: its recursion
    /// would overflow the stack on a file of a few hundred kilobytes of brackets, which no catch can stop.
    /// </summary>
    private static void CheckDepth(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        int depth = 0;
        while (parser.MoveNext())
        {
            depth += parser.Current switch
            {
                SequenceStart or MappingStart => 1,
                SequenceEnd or MappingEnd => -1,
                _ => 0,
            };
            if (depth > MaxYamlDepth)
            {
                throw new AutoDLException($"'{file}' nests deeper than {MaxYamlDepth} levels; data.yaml needs only 'names'.");
            }
        }
    }

    /// <summary>A small text file's content, refused in one line when it is not a regular file or is too large to be class names.</summary>
    private static string ReadSmallText(string file)
    {
        if (RegularFile.Problem(file) is { } problem)
        {
            throw new AutoDLException($"Cannot read '{file}': {problem}.");
        }
        if (new FileInfo(file).Length > MaxNamesBytes)
        {
            throw new AutoDLException($"'{file}' is over {MaxNamesBytes >> 20} MiB; a list of class names takes a few kilobytes.");
        }
        return File.ReadAllText(file);
    }

    private static List<string>? ByIndex(YamlMappingNode map)
    {
        var entries = new SortedDictionary<int, string>();
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { } k } || !int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || value is not YamlScalarNode { Value: { } name })
            {
                return null;
            }
            entries[index] = name;
        }
        return entries.Keys.SequenceEqual(Enumerable.Range(0, entries.Count)) ? [.. entries.Values] : null;
    }
}
