namespace AutoDL.Server.Http;

/// <summary>What one predict request may carry.</summary>
/// <param name="MaxBytes">Body size.</param>
/// <param name="MaxImages">Images per request.</param>
/// <param name="MaxPixels">Pixels an image may declare.</param>
/// <param name="BodyTimeout">How long the whole body may take to arrive.</param>
internal sealed record RequestLimits(long MaxBytes, int MaxImages, long MaxPixels, TimeSpan BodyTimeout)
{
    /// <summary>
    /// How much of a body over <see cref="MaxBytes"/> the server reads and discards before answering 413, and so
    /// Kestrel's hard limit. An HTTP/1.1 client sends its whole body before it reads the answer; a server that
    /// answers and closes mid-upload resets the connection and the client sees a broken pipe instead of the 413
    /// (nginx's lingering close exists for this). Past four times the limit the client is not worth waiting for.
    /// </summary>
    public long DrainBytes => MaxBytes > long.MaxValue / 4 ? long.MaxValue : MaxBytes * 4;

    /// <summary>The body limit as people say it ("16 MiB").</summary>
    public string MaxBytesText => Describe(MaxBytes);

    /// <summary>A size as people say it: "16 MiB", "512 KiB", "1000 bytes".</summary>
    public static string Describe(long bytes) => bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? $"{bytes >> 20} MiB"
        : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? $"{bytes >> 10} KiB"
        : $"{bytes} bytes";
}
