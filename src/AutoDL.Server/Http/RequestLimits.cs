namespace AutoDL.Server.Http;

/// <summary>What one predict request may carry.</summary>
/// <param name="MaxBytes">Body size.</param>
/// <param name="MaxImages">Images per request.</param>
/// <param name="MaxPixels">Pixels an image may declare.</param>
internal sealed record RequestLimits(long MaxBytes, int MaxImages, long MaxPixels)
{
    /// <summary>The body limit as people say it ("16 MiB").</summary>
    public string MaxBytesText => MaxBytes >= 1 << 20 && MaxBytes % (1 << 20) == 0 ? $"{MaxBytes >> 20} MiB"
        : MaxBytes >= 1 << 10 && MaxBytes % (1 << 10) == 0 ? $"{MaxBytes >> 10} KiB"
        : $"{MaxBytes} bytes";
}
