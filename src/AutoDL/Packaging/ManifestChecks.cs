using System.Globalization;
using System.Text.Json;
using AutoDL.Packaging.Onnx;
using AutoDL.Packaging.Onnx.Proto;

namespace AutoDL.Packaging;

/// <summary>
/// Checks a package's manifest as a whole when it is read, so an edited or damaged one is refused in one line instead
/// of starting a server that answers 500 to everything, or one that answers with the wrong class names.
/// </summary>
internal static class ManifestChecks
{
    /// <summary>The largest side an input may declare: far beyond what a network is trained on here.</summary>
    private const int MaxSide = 8192;

    /// <summary>Refuses a manifest whose fields cannot describe a network that runs.</summary>
    /// <exception cref="AutoDLException">The first problem, naming the package and the field.</exception>
    public static void CheckFields(PackageManifest manifest, string path)
    {
        if (manifest.Model is null || (manifest.Ensemble ?? []).Any(member => member?.Model is null))
        {
            throw Invalid(path, "a network (model, or an ensemble member's model) is missing");
        }
        var names = manifest.ClassNames;
        int fewest = manifest.Model.MinimumClasses;
        if (names is null || names.Count < fewest)
        {
            throw Invalid(path, $"classNames lists {names?.Count ?? 0} class(es); a {manifest.Model.Family} network has at least {fewest}");
        }
        if (manifest.Schema == ModelSchema.ObjectDetection && ((manifest.Ensemble ?? []).Count > 0 || manifest.TestTimeFlip))
        {
            throw Invalid(path, "it averages a detector with others or with mirrored images, which this version cannot do for detectors");
        }
        if (names.Any(string.IsNullOrWhiteSpace) || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw Invalid(path, "classNames has an empty or repeated name");
        }
        var input = manifest.Input;
        if (input.Channels is not (1 or 3) || input.Height is < 1 or > MaxSide || input.Width is < 1 or > MaxSide)
        {
            throw Invalid(path, string.Create(CultureInfo.InvariantCulture, $"input is {input.Channels}×{input.Height}×{input.Width}; it must be 1 or 3 channels of 1 to {MaxSide} pixels a side"));
        }
        var preprocessing = manifest.Preprocessing;
        if (preprocessing?.Mean is null || preprocessing.Std is null || preprocessing.Mean.Count != input.Channels || preprocessing.Std.Count != input.Channels
            || preprocessing.Mean.Any(m => !float.IsFinite(m)) || preprocessing.Std.Any(s => !(s > 0 && float.IsFinite(s))))
        {
            throw Invalid(path, $"preprocessing needs a finite mean and a positive standard deviation for each of the input's {input.Channels} channel(s)");
        }
    }

    /// <summary>
    /// Refuses a manifest that does not describe <paramref name="onnx"/>: class names, in order, other than those it was
    /// exported with (swapped names would label every prediction wrongly), or an input shape or class count other than
    /// its graph's (every prediction would fail).
    /// </summary>
    /// <exception cref="AutoDLException">They differ.</exception>
    public static void CheckAgainstOnnx(PackageManifest manifest, string path, byte[] onnx)
    {
        var model = ModelProto.Parser.ParseFrom(onnx);
        if (model.Graph is null)
        {
            throw Invalid(path, "model.onnx holds no graph");
        }
        if (OnnxClassNames(model) is { } exported && !exported.SequenceEqual(manifest.ClassNames, StringComparer.Ordinal))
        {
            throw Invalid(path, $"its classNames ({Describe(manifest.ClassNames)}) differ from those model.onnx was exported with ({Describe(exported)}): the manifest was edited");
        }
        var input = manifest.Input;
        if (Dims(model.Graph.Input.FirstOrDefault(v => v.Name == OnnxExporter.InputName)) is [_, var c, var h, var w] && (c, h, w) is not (null, null, null)
            && (c ?? input.Channels, h ?? input.Height, w ?? input.Width) != (input.Channels, input.Height, input.Width))
        {
            throw Invalid(path, string.Create(CultureInfo.InvariantCulture,
                $"its input is {input.Channels}×{input.Height}×{input.Width}, but model.onnx takes {c?.ToString(CultureInfo.InvariantCulture) ?? "any"}×{h?.ToString(CultureInfo.InvariantCulture) ?? "any"}×{w?.ToString(CultureInfo.InvariantCulture) ?? "any"}: the manifest was edited"));
        }
        // Every N × k output but the embedding (N × features) is per class.
        foreach (var output in model.Graph.Output.Where(o => o.Name != OnnxExporter.EmbeddingName))
        {
            if (Dims(output) is [_, int classes] && classes != manifest.ClassNames.Count)
            {
                throw Invalid(path, string.Create(CultureInfo.InvariantCulture, $"it lists {manifest.ClassNames.Count} classes, but model.onnx's output '{output.Name}' has {classes}: the manifest was edited"));
            }
        }
    }

    /// <summary>The class names the exporter wrote into the ONNX model's metadata; null when it has none (an ONNX model from elsewhere).</summary>
    private static List<string>? OnnxClassNames(ModelProto model)
    {
        var entry = model.MetadataProps.FirstOrDefault(p => p.Key == OnnxExporter.ClassNamesKey);
        return entry is null ? null : JsonSerializer.Deserialize<List<string>>(entry.Value);
    }

    /// <summary>A graph value's dimensions, a fixed size or null for a named (symbolic) one; null when it has no tensor shape.</summary>
    private static int?[]? Dims(ValueInfoProto? value) =>
        value?.Type?.TensorType?.Shape is { } shape
            ? [.. shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? (int?)d.DimValue : null)]
            : null;

    private static string Describe(IReadOnlyList<string> names) => names.Count <= 4 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(4))}, … {names.Count} in all";

    private static AutoDLException Invalid(string path, string why) =>
        new($"The model package '{path}' has a manifest that cannot be used: {why}. Fit the model again or restore the file from a copy.");
}
