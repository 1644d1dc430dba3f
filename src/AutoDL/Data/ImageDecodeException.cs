namespace AutoDL.Data;

/// <summary>
/// One file could not be used as an image (not an image, corrupt, truncated, too large, unreadable).
/// Internal on purpose: the importer turns it into a <see cref="SkippedFile"/> entry, because one bad
/// file in a folder of thousands should cost that file, not the import.
/// </summary>
internal sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(string reason)
        : base(reason)
    {
    }

    public ImageDecodeException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }
}
