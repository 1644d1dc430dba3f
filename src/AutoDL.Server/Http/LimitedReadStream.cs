namespace AutoDL.Server.Http;

/// <summary>
/// Reads a request body, charging what arrives to the request's <see cref="RequestMemory"/> (503 when the server's
/// budget for bodies is spent), and refuses it (413) once more than the limit has come. Kestrel's own limit is set
/// higher (<see cref="RequestLimits.DrainBytes"/>) so that the rest of a refused body can still be read and
/// discarded, and the client, still sending, actually receives the 413.
/// </summary>
internal sealed class LimitedReadStream(Stream inner, RequestLimits limits, RequestMemory memory) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        if (_read > limits.MaxBytes)
        {
            throw PredictRequestReader.TooLarge(limits);
        }
        memory.Take(read);
        return read;
    }
}
