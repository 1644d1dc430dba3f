using System.Text.Json;
using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>
/// Reads COCO's object-detection JSON: one annotation file (all of it training data), or a folder whose
/// <c>annotations/instances_*.json</c> name their split (<c>instances_train2017.json</c>, <c>instances_val.json</c>,
/// <c>instances_test.json</c>). An image's <c>file_name</c> is looked for in the split's own folder beside
/// <c>annotations/</c> (COCO's <c>train2017/</c>), under <c>images/</c>, and beside the annotation file.
/// </summary>
internal static class CocoReader
{
    public const string Format = "coco";

    private const string AnnotationFolder = "annotations";

    /// <summary>Whether <paramref name="path"/> is a COCO annotation file, or a folder holding some.</summary>
    public static bool Recognises(string path) =>
        (File.Exists(path) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        || AnnotationFiles(path).Count > 0;

    public static FormatListing Read(string path, CancellationToken ct)
    {
        List<(string File, DataSplit Split, string Name)> sources = File.Exists(path)
            ? [(Path.GetFullPath(path), DataSplit.Train, "")]
            : AnnotationFiles(path);
        var classNames = new List<string>();
        var files = new List<AnnotatedFile>();
        var skipped = new List<SkippedFile>();
        foreach (var (file, split, name) in sources)
        {
            ct.ThrowIfCancellationRequested();
            ReadFile(file, split, name, classNames, files, skipped);
        }
        return new FormatListing(Format, classNames, files, skipped);
    }

    /// <summary>The annotation files of a COCO folder, with the split each one's name gives.</summary>
    private static List<(string File, DataSplit Split, string Name)> AnnotationFiles(string root)
    {
        var folder = Path.Combine(root, AnnotationFolder);
        if (!Directory.Exists(folder))
        {
            return [];
        }
        var found = new List<(string, DataSplit, string)>();
        foreach (var file in Directory.EnumerateFiles(folder, "instances_*.json").Order(StringComparer.Ordinal))
        {
            // instances_train2017.json: the split is "train", and its images sit in train2017/.
            string name = Path.GetFileNameWithoutExtension(file)["instances_".Length..];
            DataSplit? split = name.StartsWith("train", StringComparison.OrdinalIgnoreCase) ? DataSplit.Train
                : name.StartsWith("val", StringComparison.OrdinalIgnoreCase) ? DataSplit.Validation
                : name.StartsWith("test", StringComparison.OrdinalIgnoreCase) ? DataSplit.Test
                : null;
            if (split is { } s)
            {
                found.Add((Path.GetFullPath(file), s, name));
            }
        }
        return found;
    }

    private static void ReadFile(string file, DataSplit split, string name, List<string> classNames, List<AnnotatedFile> files, List<SkippedFile> skipped)
    {
        if (RegularFile.Problem(file) is { } problem)
        {
            throw new AutoDLException($"Cannot read COCO annotation file '{file}': {problem}.");
        }
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(file);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new AutoDLException($"COCO annotation file '{file}' is not valid JSON ({e.Message}). Export it again from the annotation tool.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AutoDLException($"Cannot read COCO annotation file '{file}': {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("images", out var imageList) || imageList.ValueKind != JsonValueKind.Array)
            {
                throw new AutoDLException($"COCO annotation file '{file}' has no \"images\" array. A COCO file holds \"images\", \"annotations\" and \"categories\".");
            }
            var categories = Categories(root, file);
            foreach (var category in categories.Values)
            {
                if (!classNames.Contains(category, StringComparer.Ordinal))
                {
                    classNames.Add(category);
                }
            }
            var objects = Objects(root, file, categories, skipped);
            var folder = Path.GetDirectoryName(file)!;
            var dataRoot = Path.GetFileName(folder) == AnnotationFolder ? Path.GetDirectoryName(folder)! : folder;
            int index = 0;
            foreach (var image in imageList.EnumerateArray())
            {
                string where = $"images[{index++}]";
                if (image.ValueKind != JsonValueKind.Object || !TryGetLong(image, "id", out long id) || !image.TryGetProperty("file_name", out var fileName) || fileName.ValueKind != JsonValueKind.String)
                {
                    skipped.Add(new SkippedFile(file, $"{where} has no numeric \"id\" and \"file_name\""));
                    continue;
                }
                var located = Locate(dataRoot, folder, name, fileName.GetString()!);
                IReadOnlyList<DeclaredObject> declared = objects.Remove(id, out var list) ? list : [];
                if (located is null)
                {
                    skipped.Add(new SkippedFile(file, $"{where}: image '{fileName.GetString()}' not found beside the annotations (looked in {dataRoot}{(name.Length > 0 ? $"/{name}" : "")}, {dataRoot}/images)"));
                    continue;
                }
                files.Add(new AnnotatedFile(located, split, file, declared));
            }
            foreach (var (imageId, list) in objects)
            {
                skipped.Add(new SkippedFile(file, $"{list.Count} annotation(s) of image id {imageId}, which \"images\" does not list"));
            }
        }
    }

    private static Dictionary<long, string> Categories(JsonElement root, string file)
    {
        var categories = new Dictionary<long, string>();
        if (root.TryGetProperty("categories", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var category in list.EnumerateArray())
            {
                if (category.ValueKind == JsonValueKind.Object && TryGetLong(category, "id", out long id)
                    && category.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(name.GetString()))
                {
                    categories[id] = name.GetString()!;
                }
            }
        }
        if (categories.Count == 0)
        {
            throw new AutoDLException($"COCO annotation file '{file}' has no \"categories\" with an \"id\" and a \"name\". Export it again with its categories.");
        }
        return categories;
    }

    /// <summary>The declared objects of every image, by image id.</summary>
    private static Dictionary<long, List<DeclaredObject>> Objects(JsonElement root, string file, Dictionary<long, string> categories, List<SkippedFile> skipped)
    {
        var objects = new Dictionary<long, List<DeclaredObject>>();
        if (!root.TryGetProperty("annotations", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return objects;
        }
        int index = 0;
        foreach (var annotation in list.EnumerateArray())
        {
            string where = $"annotations[{index++}]";
            if (annotation.ValueKind != JsonValueKind.Object || !TryGetLong(annotation, "image_id", out long imageId))
            {
                skipped.Add(new SkippedFile(file, $"{where} has no numeric \"image_id\""));
                continue;
            }
            if (!annotation.TryGetProperty("bbox", out var bbox) || bbox.ValueKind != JsonValueKind.Array || bbox.GetArrayLength() != 4
                || bbox.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
            {
                skipped.Add(new SkippedFile(file, $"{where} has no \"bbox\" of four numbers [x, y, width, height]"));
                continue;
            }
            var v = bbox.EnumerateArray().Select(e => e.GetDouble()).ToArray();
            bool known = TryGetLong(annotation, "category_id", out long categoryId) && categories.ContainsKey(categoryId);
            var declared = new DeclaredObject(new BoundingBox(v[0], v[1], v[2], v[3]), Normalized: false, known ? categories[categoryId] : null, where)
            {
                ClassText = annotation.TryGetProperty("category_id", out var raw) ? $"category_id {raw.GetRawText()}" : "no category_id",
                Ignored = annotation.TryGetProperty("iscrowd", out var crowd) && crowd.ValueKind == JsonValueKind.Number && crowd.GetDouble() != 0,
                Area = annotation.TryGetProperty("area", out var area) && area.ValueKind == JsonValueKind.Number && area.GetDouble() > 0 ? area.GetDouble() : null,
            };
            if (!objects.TryGetValue(imageId, out var forImage))
            {
                objects[imageId] = forImage = [];
            }
            forImage.Add(declared);
        }
        return objects;
    }

    /// <summary>The image file a COCO <c>file_name</c> names, or null when none of the usual places holds it.</summary>
    private static string? Locate(string dataRoot, string annotationFolder, string splitName, string fileName)
    {
        // A file name is relative to the data: one that climbs out of it is not looked for.
        if (Path.IsPathRooted(fileName) || fileName.Split('/', '\\').Contains(".."))
        {
            return null;
        }
        string[] candidates = splitName.Length > 0
            ? [Path.Combine(dataRoot, splitName, fileName), Path.Combine(dataRoot, "images", splitName, fileName), Path.Combine(dataRoot, "images", fileName), Path.Combine(dataRoot, fileName)]
            : [Path.Combine(annotationFolder, fileName), Path.Combine(annotationFolder, "images", fileName)];
        return candidates.FirstOrDefault(File.Exists);
    }

    private static bool TryGetLong(JsonElement element, string property, out long value)
    {
        value = 0;
        return element.TryGetProperty(property, out var found) && found.ValueKind == JsonValueKind.Number && found.TryGetInt64(out value);
    }
}
