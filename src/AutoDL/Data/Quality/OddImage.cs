namespace AutoDL.Data.Quality;

/// <summary>An image whose size or colour differs from the rest of the data, so resizing it may distort it.</summary>
/// <param name="Image">The image.</param>
/// <param name="Width">Its width in the file.</param>
/// <param name="Height">Its height in the file.</param>
/// <param name="Reason">What is odd about it, in words.</param>
public sealed record OddImage(ImageRef Image, int Width, int Height, string Reason);
