using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using AutoDL.Data;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Packaging;

/// <summary>
/// A corpus of damaged, tampered and oversized packages, each made from the shipped fixture: every one is refused
/// when loaded with one line that names it, and nothing in it inflates past its limits, hangs or crashes the loader.
/// A package is a file someone hands you.
/// </summary>
public sealed class PackageCorpusTests : IDisposable
{
    private static readonly string s_fixture = Path.Combine(RepositoryPaths.PackageFixtures, "fashion-mnist-sample-v1.adlpk");

    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-package-corpus-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Damaged =>
    [
        "empty file",
        "text, not a zip",
        "cut to its first 22 bytes",
        "cut in half",
        "last byte cut",
        "bytes flipped a third of the way in",
        "bytes flipped two thirds of the way in",
        "no manifest",
        "no weights",
        "onnx listed but missing",
        "manifest not json",
        "manifest is null",
        "manifest edited, checksum kept",
        "format version from the future",
        "manifest inflating past 16 MiB",
        "weights inflating past the network",
        "onnx inflating past the network",
        "weights flipped inside the zip",
        "class names swapped, checksums redone",
        "input size edited, checksums redone",
        "one class, checksums redone",
        "no mean and std, checksums redone",
        "onnx without a graph, checksums redone",
    ];

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Each_damaged_tampered_or_oversized_package_is_refused_with_one_line_naming_it(string damage)
    {
        var path = Path.Combine(_folder, damage.Replace(' ', '-').Replace(",", "", StringComparison.Ordinal) + ".adlpk");
        Make(damage, path);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<AutoDLException>(() =>
        {
            using var predictor = Predictor.Load(path);
        });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        // The fixture holds about 1.4 MB; nothing in the corpus may make the loader inflate tens of megabytes.
        Assert.True(allocated < 32 << 20, $"{allocated:N0} bytes allocated to refuse '{damage}'");
    }

    private static void Make(string damage, string path)
    {
        var original = File.ReadAllBytes(s_fixture);
        switch (damage)
        {
            case "empty file":
                File.WriteAllBytes(path, []);
                break;
            case "text, not a zip":
                File.WriteAllText(path, "This is not a model package.");
                break;
            case "cut to its first 22 bytes":
                File.WriteAllBytes(path, original[..22]);
                break;
            case "cut in half":
                File.WriteAllBytes(path, original[..(original.Length / 2)]);
                break;
            case "last byte cut":
                File.WriteAllBytes(path, original[..^1]);
                break;
            case "bytes flipped a third of the way in":
                File.WriteAllBytes(path, Flipped(original, original.Length / 3));
                break;
            case "bytes flipped two thirds of the way in":
                File.WriteAllBytes(path, Flipped(original, original.Length * 2 / 3));
                break;
            case "no manifest":
                Rezip(path, entries => entries.Remove("manifest.json"));
                break;
            case "no weights":
                Rezip(path, entries => entries.Remove("weights.bin"));
                break;
            case "onnx listed but missing":
                Rezip(path, entries => entries.Remove("model.onnx"));
                break;
            case "manifest not json":
                Rezip(path, entries => entries["manifest.json"] = "{\"classNames\": [\"a\", "u8.ToArray());
                break;
            case "manifest is null":
                Rezip(path, entries => entries["manifest.json"] = "null"u8.ToArray());
                break;
            case "manifest edited, checksum kept":
                Rezip(path, entries => entries["manifest.json"] = EditManifest(entries["manifest.json"], json => json["classNames"]![0] = "Boot"), keepChecksum: true);
                break;
            case "format version from the future":
                Rezip(path, entries => entries["manifest.json"] = EditManifest(entries["manifest.json"], json => json["formatVersion"] = 99));
                break;
            case "manifest inflating past 16 MiB":
                Rezip(path, _ => { }, bombs: ("manifest.json", 17L << 20));
                break;
            case "weights inflating past the network":
                Rezip(path, _ => { }, bombs: ("weights.bin", 64L << 20));
                break;
            case "onnx inflating past the network":
                Rezip(path, _ => { }, bombs: ("model.onnx", 64L << 20));
                break;
            case "weights flipped inside the zip":
                Rezip(path, entries => entries["weights.bin"] = Flipped(entries["weights.bin"], entries["weights.bin"].Length / 2));
                break;
            default:
                Rewrite(path, damage);
                break;
        }
    }

    /// <summary>Writes the fixture again through <see cref="ModelPackage.Write"/>, so every checksum matches the edit: what a careless tool, not a damaged disk, does.</summary>
    private static void Rewrite(string path, string damage)
    {
        var contents = ModelPackage.ReadContents(s_fixture);
        var m = contents.Manifest;
        var names = m.ClassNames.ToArray();
        (names[0], names[1]) = (names[1], names[0]);
        var edited = damage switch
        {
            "class names swapped, checksums redone" => m with { ClassNames = names },
            "input size edited, checksums redone" => m with { Input = new ImageShape(m.Input.Channels, m.Input.Height * 2, m.Input.Width * 2) },
            "one class, checksums redone" => m with { ClassNames = [m.ClassNames[0]] },
            "no mean and std, checksums redone" => m with { Preprocessing = m.Preprocessing with { Mean = null!, Std = null! } },
            "onnx without a graph, checksums redone" => m,
            _ => throw new ArgumentException($"No such damage: {damage}", nameof(damage)),
        };
        // An empty ONNX file parses as a model without a graph.
        ModelPackage.Write(path, edited, contents.Weights, damage.StartsWith("onnx without", StringComparison.Ordinal) ? [] : contents.Onnx);
    }

    private static byte[] Flipped(byte[] bytes, int at)
    {
        var copy = bytes.ToArray();
        for (int i = at; i < Math.Min(at + 64, copy.Length); i++)
        {
            copy[i] ^= 0x5a;
        }
        return copy;
    }

    private static byte[] EditManifest(byte[] manifest, Action<JsonNode> edit)
    {
        var json = JsonNode.Parse(manifest)!;
        edit(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>
    /// The fixture's entries, changed by <paramref name="change"/>, in a new zip. A changed manifest loses its checksum
    /// entry unless <paramref name="keepChecksum"/>; each bomb is an entry of that many zero bytes, a few kilobytes on disk.
    /// </summary>
    private static void Rezip(string path, Action<Dictionary<string, byte[]>> change, bool keepChecksum = false, params (string Name, long Bytes)[] bombs)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var source = ZipFile.OpenRead(s_fixture))
        {
            foreach (var entry in source.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                entries[entry.FullName] = copy.ToArray();
            }
        }
        var manifest = entries.GetValueOrDefault("manifest.json");
        change(entries);
        if (!keepChecksum && !ReferenceEquals(manifest, entries.GetValueOrDefault("manifest.json")))
        {
            entries.Remove("manifest.sha256");
        }
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            if (bombs.Any(b => b.Name == name))
            {
                continue;
            }
            using var entry = zip.CreateEntry(name).Open();
            entry.Write(bytes);
        }
        var zeros = new byte[1 << 20];
        foreach (var (name, size) in bombs)
        {
            using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
            for (long written = 0; written < size; written += zeros.Length)
            {
                entry.Write(zeros);
            }
        }
    }
}
