using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace AutoDL.Bench.LoadTest;

/// <summary>A request to /v1/predict that the server must refuse, and the status docs/serving.md says it refuses it with.</summary>
/// <param name="Name">What is wrong with it, as the report names it.</param>
/// <param name="ExpectedStatus">The documented refusal.</param>
/// <param name="Body">The bytes sent.</param>
/// <param name="ContentType">The Content-Type sent with them.</param>
internal sealed record BadRequest(string Name, int ExpectedStatus, byte[] Body, string ContentType)
{
    /// <summary>The server's body limit (docs/serving.md): one MiB more is refused, however the bytes look.</summary>
    private const int BodyLimitBytes = 16 << 20;

    /// <summary>
    /// One request of each kind a careless or hostile client sends: too big, not an image, a cut image, broken JSON,
    /// a type the server does not take, and a small PNG whose header claims gigapixels (a decompression bomb).
    /// </summary>
    public static IReadOnlyList<BadRequest> Mix(byte[] png)
    {
        var noise = new byte[4096];
        RandomNumberGenerator.Fill(noise);
        return
        [
            new("17 MiB body", 413, new byte[BodyLimitBytes + (1 << 20)], "image/png"),
            new("4 KiB of random bytes as image/png", 400, noise, "image/png"),
            new("PNG cut in half", 400, png[..(png.Length / 2)], "image/png"),
            new("invalid JSON", 400, Encoding.UTF8.GetBytes("{\"images\": [\"iVBORw0KGgo"), "application/json"),
            new("PNG sent as text/plain", 415, png, "text/plain"),
            new("PNG whose header claims 100000x100000 pixels", 413, ClaimingSize(png, 100_000, 100_000), "image/png"),
        ];
    }

    public HttpContent CreateContent()
    {
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        return content;
    }

    /// <summary>
    /// A real PNG with its header's width and height rewritten (and the header's CRC with them, so that it is a
    /// well-formed file): what the server must refuse from the header alone, before allocating the pixels.
    /// </summary>
    private static byte[] ClaimingSize(byte[] png, int width, int height)
    {
        // The signature (8 bytes), then the IHDR chunk: length (4), type (4), width (4), height (4), 5 more bytes, CRC (4).
        const int IhdrType = 12;
        const int IhdrDataLength = 13;
        var claimed = png.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(claimed.AsSpan(IhdrType + 4), width);
        BinaryPrimitives.WriteInt32BigEndian(claimed.AsSpan(IhdrType + 8), height);
        // A chunk's CRC covers its type and data.
        BinaryPrimitives.WriteUInt32BigEndian(claimed.AsSpan(IhdrType + 4 + IhdrDataLength), Crc32.HashToUInt32(claimed.AsSpan(IhdrType, 4 + IhdrDataLength)));
        return claimed;
    }
}
