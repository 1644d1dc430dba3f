using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AutoDL.Packaging;

/// <summary>
/// A model package (<c>.adlpk</c>): a zip of <c>manifest.json</c> and <c>weights.bin</c>. Written atomically
/// (temporary file, then rename) so a reader never sees half a package; the weights' sha256 in the manifest
/// catches tampering and truncation.
/// </summary>
public static class ModelPackage
{
    /// <summary>The layout version this library writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The conventional file name.</summary>
    public const string FileName = "model.adlpk";

    private const string ManifestEntry = "manifest.json";
    private const string WeightsEntry = "weights.bin";

    /// <summary>The JSON options of manifests (camelCase, enums as strings, indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes a package, filling in the weights' checksum.</summary>
    public static void Write(string path, PackageManifest manifest, byte[] weights)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(weights);
        var complete = manifest with { WeightsSha256 = Convert.ToHexStringLower(SHA256.HashData(weights)), FormatVersion = CurrentFormatVersion };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            using (var entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
            {
                JsonSerializer.Serialize(entry, complete, JsonOptions);
            }
            using (var entry = zip.CreateEntry(WeightsEntry, CompressionLevel.Fastest).Open())
            {
                entry.Write(weights);
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a package and checks its integrity; a damaged one raises an <see cref="AutoDLException"/> that says so.</summary>
    public static (PackageManifest Manifest, byte[] Weights) Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new AutoDLException(Directory.Exists(path) && File.Exists(Path.Combine(path, FileName))
                ? $"'{path}' is a folder; the model is '{Path.Combine(path, FileName)}'."
                : $"The model package '{path}' does not exist. Pass the model.adlpk that `autodl fit` wrote.");
        }
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var manifestEntry = zip.GetEntry(ManifestEntry) ?? throw Damaged(path, $"it has no {ManifestEntry}");
            var weightsEntry = zip.GetEntry(WeightsEntry) ?? throw Damaged(path, $"it has no {WeightsEntry}");
            PackageManifest manifest;
            using (var stream = manifestEntry.Open())
            {
                manifest = JsonSerializer.Deserialize<PackageManifest>(stream, JsonOptions) ?? throw Damaged(path, "its manifest is empty");
            }
            if (manifest.FormatVersion != CurrentFormatVersion)
            {
                throw new AutoDLException($"The model package '{path}' has format version {manifest.FormatVersion}; this AutoDL reads version {CurrentFormatVersion}. Use the AutoDL version that wrote it, or fit the model again.");
            }
            byte[] weights;
            using (var stream = weightsEntry.Open())
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                weights = copy.ToArray();
            }
            var actual = Convert.ToHexStringLower(SHA256.HashData(weights));
            if (!string.Equals(actual, manifest.WeightsSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw Damaged(path, "the weights do not match the checksum in its manifest (the file was changed or truncated)");
            }
            return (manifest, weights);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException or NotSupportedException)
        {
            throw Damaged(path, e.Message, e);
        }
    }

    private static AutoDLException Damaged(string path, string why, Exception? inner = null)
    {
        var message = $"The model package '{path}' is damaged: {why}. Fit the model again or restore the file from a copy.";
        return inner is null ? new AutoDLException(message) : new AutoDLException(message, inner);
    }
}
