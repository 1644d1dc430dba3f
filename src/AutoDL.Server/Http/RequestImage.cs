namespace AutoDL.Server.Http;

/// <summary>One encoded image as a request carried it.</summary>
/// <param name="Name">How error messages name it: "the image", "images[2]", "file 'boot.png'".</param>
/// <param name="FileName">The file name of a multipart file field, echoed in the response.</param>
/// <param name="Bytes">The encoded image.</param>
internal sealed record RequestImage(string Name, string? FileName, byte[] Bytes);
