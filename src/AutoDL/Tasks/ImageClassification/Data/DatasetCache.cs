using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AutoDL.Data;
using AutoDL.Internal;

namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>
/// Keeps decoded imports on disk so a search, a resumed run or a second command never decodes the same
/// files twice. A cache file is named by a fingerprint of the inputs (every file's path, size and
/// modification time, and the options that change decoding), so an edited, added or removed file, or a
/// different shape, simply misses. The file ends with a SHA-256 of its contents: a torn or damaged file
/// is ignored and rebuilt rather than trusted.
/// </summary>
public static class DatasetCache
{
    // Bump when the decoder or the file layout changes, so old cache files are not reused.
    private const int LayoutVersion = 1;
    private static readonly byte[] s_magic = "AUTODL-DATASET\n"u8.ToArray();

    /// <summary>Loads a cache file written by <see cref="Save"/>; null when it is missing, damaged or of another version.</summary>
    public static ImportedData? TryLoad(string file)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(file))
            {
                return null;
            }
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        const int hashLength = 32;
        if (bytes.Length < s_magic.Length + hashLength
            || !bytes.AsSpan(0, s_magic.Length).SequenceEqual(s_magic)
            || !SHA256.HashData(bytes.AsSpan(0, bytes.Length - hashLength)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - hashLength)))
        {
            return null;
        }
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, s_magic.Length, bytes.Length - s_magic.Length - hashLength, writable: false), Encoding.UTF8);
            return reader.ReadInt32() == LayoutVersion ? Read(reader) : null;
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or IOException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="data"/> to <paramref name="file"/> atomically (a temporary file, then a rename).</summary>
    public static void Save(string file, ImportedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        AtomicFile.WriteOrThrow(file, stream =>
        {
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(s_magic);
                writer.Write(LayoutVersion);
                Write(writer, data);
            }
            stream.Position = 0;
            var hash = SHA256.HashData(stream);
            stream.Write(hash);
        });
    }

    /// <summary>The cache file for these inputs and options inside <paramref name="cacheDirectory"/>.</summary>
    internal static string FileFor(string cacheDirectory, string format, string source, IEnumerable<string> inputs, ImportOptions options)
    {
        string cacheRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(cacheDirectory)) + Path.DirectorySeparatorChar;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"v{LayoutVersion}\n{format}\n{source}\n{options.TargetShape}\n{options.MaxSide}\n");
        text.Append(options.ClassNames is null ? "-" : string.Join('\0', options.ClassNames)).Append('\n');
        // A cache folder inside the data folder must not change the key it is looked up by.
        foreach (var input in inputs.Where(p => !p.StartsWith(cacheRoot, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(input);
            text.Append(input).Append('\0');
            text.Append(info.Exists ? FormattableString.Invariant($"{info.Length}\0{info.LastWriteTimeUtc.Ticks}") : "missing").Append('\n');
        }
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        return Path.Combine(cacheDirectory, $"{format}-{key}.autodl-data");
    }

    private static void Write(BinaryWriter writer, ImportedData data)
    {
        writer.Write(data.Format);
        writer.Write(data.Source);
        writer.Write(data.Skipped.Count);
        foreach (var skipped in data.Skipped)
        {
            writer.Write(skipped.Path);
            writer.Write(skipped.Reason);
        }
        writer.Write(data.ClassNames.Count);
        foreach (var name in data.ClassNames)
        {
            writer.Write(name);
        }
        writer.Write(data.Shape.Channels);
        writer.Write(data.Shape.Height);
        writer.Write(data.Shape.Width);
        foreach (var split in new[] { data.Train, data.Validation, data.Test })
        {
            writer.Write(split is not null);
            if (split is null)
            {
                continue;
            }
            writer.Write(split.Count);
            foreach (var label in split.Labels)
            {
                writer.Write(label);
            }
            writer.Write(split.Sources is not null);
            foreach (var source in split.Sources ?? [])
            {
                writer.Write(source);
            }
            writer.Write(split.Pixels);
        }
    }

    private static ImportedData Read(BinaryReader reader)
    {
        string format = reader.ReadString();
        string source = reader.ReadString();
        var skipped = new SkippedFile[CheckedCount(reader.ReadInt32())];
        for (int i = 0; i < skipped.Length; i++)
        {
            skipped[i] = new SkippedFile(reader.ReadString(), reader.ReadString());
        }
        var classNames = new string[CheckedCount(reader.ReadInt32())];
        for (int i = 0; i < classNames.Length; i++)
        {
            classNames[i] = reader.ReadString();
        }
        var shape = new ImageShape(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        if (shape.Channels is not (1 or 3) || shape.Height <= 0 || shape.Width <= 0)
        {
            throw new FormatException("Bad shape.");
        }
        var splits = new ImageDataset?[3];
        for (int s = 0; s < splits.Length; s++)
        {
            if (!reader.ReadBoolean())
            {
                continue;
            }
            int count = CheckedCount(reader.ReadInt32());
            var labels = new int[count];
            for (int i = 0; i < count; i++)
            {
                labels[i] = reader.ReadInt32();
            }
            string[]? sources = null;
            if (reader.ReadBoolean())
            {
                sources = new string[count];
                for (int i = 0; i < count; i++)
                {
                    sources[i] = reader.ReadString();
                }
            }
            var pixels = reader.ReadBytes(checked(count * shape.PixelCount));
            if (pixels.Length != count * shape.PixelCount)
            {
                throw new EndOfStreamException();
            }
            splits[s] = new ImageDataset(pixels, labels, classNames, shape, sources);
        }
        return new ImportedData(splits[0] ?? throw new FormatException("No train split."), splits[1], splits[2], skipped, format, source);
    }

    private static int CheckedCount(int count) =>
        count >= 0 ? count : throw new FormatException("Negative count.");
}
