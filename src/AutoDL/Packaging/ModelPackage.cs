using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AutoDL.Internal;
using AutoDL.Models;

namespace AutoDL.Packaging;

/// <summary>
/// A model package (<c>.adlpk</c>): a zip of <c>manifest.json</c>, <c>weights.bin</c>, one
/// <c>weights-N.bin</c> per further network of an ensemble and, in the final package of a fit, <c>model.onnx</c>.
/// Written atomically (temporary file, then rename) so a reader never sees half a package; the sha256 of every
/// weights entry and of the ONNX model in the manifest catch tampering and truncation.
/// </summary>
public static class ModelPackage
{
    /// <summary>
    /// The layout version this library writes, and the newest it reads. Version 2 added ensembles; version 3 the
    /// schema, the preprocessing steps, metrics with their direction, and room for calibration and monitoring.
    /// Packages of every earlier version load and predict as they did.
    /// </summary>
    public const int CurrentFormatVersion = 3;

    private const int OldestFormatVersion = 1;

    /// <summary>The conventional file name.</summary>
    public const string FileName = "model.adlpk";

    private const string ManifestEntry = "manifest.json";
    private const string WeightsEntry = "weights.bin";
    private const string OnnxEntry = "model.onnx";

    /// <summary>The sha256 of manifest.json, in hex: the manifest's own checksum, as the manifest holds every other entry's.</summary>
    private const string ManifestChecksumEntry = "manifest.sha256";

    /// <summary>The JSON options of manifests (camelCase, enums as strings, indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// Writes a package, filling in the checksums; <paramref name="onnx"/> is the exported model, if there is one, and
    /// <paramref name="ensembleWeights"/> the weights of the manifest's ensemble members, in its order.
    /// </summary>
    public static void Write(string path, PackageManifest manifest, byte[] weights, byte[]? onnx = null, IReadOnlyList<byte[]>? ensembleWeights = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(weights);
        ensembleWeights ??= [];
        if (ensembleWeights.Count != manifest.Ensemble.Count)
        {
            throw new ArgumentException($"The manifest lists {manifest.Ensemble.Count} ensemble members but {ensembleWeights.Count} sets of weights were given.", nameof(ensembleWeights));
        }
        var complete = manifest with
        {
            WeightsSha256 = Sha256(weights),
            OnnxSha256 = onnx is null ? null : Sha256(onnx),
            Ensemble = [.. manifest.Ensemble.Select((member, i) => member with { WeightsSha256 = Sha256(ensembleWeights[i]) })],
            FormatVersion = CurrentFormatVersion,
        };
        // A half-written package (a full disk) is not left behind; the previous package, if any, is untouched.
        AtomicFile.WriteOrThrow(path, file => WriteEntries(file, complete, weights, ensembleWeights, onnx));
    }

    private static void WriteEntries(Stream file, PackageManifest manifest, byte[] weights, IReadOnlyList<byte[]> ensembleWeights, byte[]? onnx)
    {
        using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
        var json = JsonSerializer.SerializeToUtf8Bytes(manifest, JsonOptions);
        using (var entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
        {
            entry.Write(json);
        }
        using (var entry = zip.CreateEntry(ManifestChecksumEntry, CompressionLevel.NoCompression).Open())
        {
            entry.Write(Encoding.ASCII.GetBytes(Sha256(json)));
        }
        using (var entry = zip.CreateEntry(WeightsEntry, CompressionLevel.Fastest).Open())
        {
            entry.Write(weights);
        }
        for (int i = 0; i < ensembleWeights.Count; i++)
        {
            using var entry = zip.CreateEntry(EnsembleWeightsEntry(i), CompressionLevel.Fastest).Open();
            entry.Write(ensembleWeights[i]);
        }
        if (onnx is not null)
        {
            using var entry = zip.CreateEntry(OnnxEntry, CompressionLevel.Fastest).Open();
            entry.Write(onnx);
        }
    }

    /// <summary>Reads a package's manifest and weights and checks their integrity; a damaged one raises an <see cref="AutoDLException"/> that says so.</summary>
    public static (PackageManifest Manifest, byte[] Weights) Read(string path)
    {
        var contents = ReadContents(path);
        return (contents.Manifest, contents.Weights);
    }

    /// <summary>Reads everything a package holds, the ONNX model included, and checks its integrity.</summary>
    public static PackageContents ReadContents(string path)
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
            var json = ReadAll(manifestEntry, path, MaxManifestBytes);
            var manifest = JsonSerializer.Deserialize<PackageManifest>(json, JsonOptions) ?? throw Damaged(path, "its manifest is empty");
            // The version first: a newer format may protect its manifest another way.
            if (manifest.FormatVersion is < OldestFormatVersion or > CurrentFormatVersion)
            {
                throw new AutoDLException($"The model package '{path}' has format version {manifest.FormatVersion}; this AutoDL reads versions {OldestFormatVersion} to {CurrentFormatVersion}. Use the AutoDL version that wrote it, or fit the model again.");
            }
            // Packages written before the manifest had a checksum have no entry for it; every later one must match.
            if (zip.GetEntry(ManifestChecksumEntry) is { } checksum
                && !string.Equals(Encoding.ASCII.GetString(ReadAll(checksum, path, 64)), Sha256(json), StringComparison.OrdinalIgnoreCase))
            {
                throw Damaged(path, $"{ManifestEntry} does not match its checksum ({ManifestChecksumEntry}): the manifest was edited or damaged");
            }
            PackageTasks.EnsureKnown(manifest, path);
            ManifestChecks.CheckFields(manifest, path);
            // An edited manifest may say "ensemble": null; that is no ensemble, not a crash.
            manifest = manifest with { Ensemble = manifest.Ensemble ?? [] };
            var weights = ReadAll(weightsEntry, path, NetworkBytes(manifest, manifest.Model));
            if (!string.Equals(Sha256(weights), manifest.WeightsSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw Damaged(path, "the weights do not match the checksum in its manifest (the file was changed or truncated)");
            }
            byte[]? onnx = null;
            if (manifest.OnnxSha256 is not null)
            {
                var onnxEntry = zip.GetEntry(OnnxEntry) ?? throw Damaged(path, $"its manifest lists {OnnxEntry} but the package has none");
                onnx = ReadAll(onnxEntry, path, NetworkBytes(manifest, manifest.Model) * (1 + manifest.Ensemble.Count) + OnnxGraphBytes);
                if (!string.Equals(Sha256(onnx), manifest.OnnxSha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw Damaged(path, $"{OnnxEntry} does not match the checksum in its manifest (the file was changed or truncated)");
                }
                ManifestChecks.CheckAgainstOnnx(manifest, path, onnx);
            }
            var ensembleWeights = new List<byte[]>(manifest.Ensemble.Count);
            for (int i = 0; i < manifest.Ensemble.Count; i++)
            {
                string name = EnsembleWeightsEntry(i);
                var entry = zip.GetEntry(name) ?? throw Damaged(path, $"its manifest lists {manifest.Ensemble.Count} ensemble members but it has no {name}");
                var member = ReadAll(entry, path, NetworkBytes(manifest, manifest.Ensemble[i].Model));
                if (!string.Equals(Sha256(member), manifest.Ensemble[i].WeightsSha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw Damaged(path, $"{name} does not match the checksum in its manifest (the file was changed or truncated)");
                }
                ensembleWeights.Add(member);
            }
            return new PackageContents(path, manifest, weights, onnx) { EnsembleWeights = ensembleWeights };
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException or NotSupportedException)
        {
            throw Damaged(path, e.Message, e);
        }
        catch (OutOfMemoryException e)
        {
            throw new AutoDLException($"Not enough memory to load the model package '{path}' ({new FileInfo(path).Length / 1e6:0.#} MB on disk). Close other programs, or load it on a machine with more memory.", e);
        }
    }

    /// <summary>The entry of the ensemble member at <paramref name="index"/> (weights-1.bin for the first): weights.bin is the main network's.</summary>
    private static string EnsembleWeightsEntry(int index) => $"weights-{index + 1}.bin";

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>
    /// The most an entry of a package may inflate to. The largest network a search builds on a CPU has a few million
    /// parameters (tens of megabytes); a zip entry of a few kilobytes can inflate to gigabytes.
    /// </summary>
    internal const long MaxEntryBytes = 1L << 30;

    /// <summary>The most the manifest may inflate to: it is a few kilobytes of JSON.</summary>
    internal const long MaxManifestBytes = 16L << 20;

    /// <summary>Room for an ONNX graph's nodes and names beside its weights: a few hundred nodes take tens of kilobytes.</summary>
    private const long OnnxGraphBytes = 4L << 20;

    /// <summary>
    /// The most the weights of <paramref name="model"/> may take, from the manifest: four bytes a parameter, as many
    /// again for batch-norm statistics and each tensor's name and shape, and 64 KiB besides; never over
    /// <see cref="MaxEntryBytes"/>. A manifest whose network cannot be counted gets the ceiling (loading it fails later).
    /// </summary>
    private static long NetworkBytes(PackageManifest manifest, ModelConfig model)
    {
        // An edited manifest can hold nulls where the types say none can be.
        if (model is null || manifest.ClassNames is null)
        {
            return MaxEntryBytes;
        }
        try
        {
            return Math.Min(MaxEntryBytes, (8 * ModelFactory.EstimateParameters(model, manifest.Input, manifest.ClassNames.Count)) + (64L << 10));
        }
        catch (ArgumentException)
        {
            return MaxEntryBytes;
        }
    }

    /// <summary>
    /// Inflates <paramref name="entry"/>, refusing one whose zip header declares more than <paramref name="limit"/>,
    /// and one that inflates past what its header declares (a header can lie; the inflated bytes cannot).
    /// </summary>
    private static byte[] ReadAll(ZipArchiveEntry entry, string path, long limit = MaxEntryBytes)
    {
        if (entry.Length > limit)
        {
            throw Damaged(path, string.Create(CultureInfo.InvariantCulture, $"{entry.FullName} would inflate to {entry.Length:N0} bytes, over the {limit:N0} a package entry may hold"));
        }
        var data = new byte[entry.Length];
        using var stream = entry.Open();
        int read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length || stream.ReadByte() != -1)
        {
            throw Damaged(path, $"{entry.FullName} does not inflate to the size its zip header declares");
        }
        return data;
    }

    private static AutoDLException Damaged(string path, string why, Exception? inner = null)
    {
        var message = $"The model package '{path}' is damaged: {why}. Fit the model again or restore the file from a copy.";
        return inner is null ? new AutoDLException(message) : new AutoDLException(message, inner);
    }
}
