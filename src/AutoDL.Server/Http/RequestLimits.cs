namespace AutoDL.Server.Http;

/// <summary>What one predict request may carry.</summary>
/// <param name="MaxBytes">Body size.</param>
/// <param name="MaxImages">Images per request.</param>
/// <param name="MaxPixels">Pixels an image may declare.</param>
internal sealed record RequestLimits(long MaxBytes, int MaxImages, long MaxPixels)
{
    /// <summary>
    /// How much of a body over <see cref="MaxBytes"/> the server reads and discards before answering 413, and so
    /// Kestrel's hard limit. An HTTP/1.1 client sends its whole body before it reads the answer; a server that
    /// answers and closes mid-upload resets the connection and the client sees a broken pipe instead of the 413
    /// (nginx's lingering close exists for this). Past four times the limit the client is not worth waiting for.
    /// </summary>
    public long DrainBytes => MaxBytes > long.MaxValue / 4 ? long.MaxValue : MaxBytes * 4;

    /// <summary>The body limit as people say it ("16 MiB").</summary>
    public string MaxBytesText => MaxBytes >= 1 << 20 && MaxBytes % (1 << 20) == 0 ? $"{MaxBytes >> 20} MiB"
        : MaxBytes >= 1 << 10 && MaxBytes % (1 << 10) == 0 ? $"{MaxBytes >> 10} KiB"
        : $"{MaxBytes} bytes";
}
