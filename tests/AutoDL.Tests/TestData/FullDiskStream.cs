namespace AutoDL.Tests.TestData;

/// <summary>
/// A file on a disk with <paramref name="room"/> bytes left: a write past that stores what fits, then fails as
/// Linux does (ENOSPC, "No space left on device").
/// </summary>
internal sealed class FullDiskStream(long room) : MemoryStream
{
    public const string Message = "No space left on device";

    public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

    public override void Write(byte[] buffer, int offset, int count)
    {
        int fits = (int)Math.Max(0, Math.Min(count, room - Position));
        base.Write(buffer, offset, fits);
        if (fits < count)
        {
            throw new IOException(Message);
        }
    }
}
