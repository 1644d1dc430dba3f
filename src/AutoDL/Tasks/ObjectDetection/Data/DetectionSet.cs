using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>
/// Decoded images at the detector's input size, each letterboxed (<see cref="Letterbox"/>), with their objects in the
/// input's pixels: what training and evaluation read, decoded once.
/// </summary>
public sealed class DetectionSet : ImageSet
{
    /// <param name="pixels">The images back to back, CHW.</param>
    /// <param name="shape">The detector's input.</param>
    /// <param name="objects">Each image's objects, boxes in the input's pixels.</param>
    /// <param name="letterboxes">How each image was fitted into the input.</param>
    /// <param name="sources">Where each image came from.</param>
    public DetectionSet(byte[] pixels, ImageShape shape, IReadOnlyList<IReadOnlyList<ObjectAnnotation>> objects, IReadOnlyList<Letterbox> letterboxes, IReadOnlyList<string> sources)
        : base(pixels, objects?.Count ?? throw new ArgumentNullException(nameof(objects)), shape, sources)
    {
        ArgumentNullException.ThrowIfNull(letterboxes);
        if (letterboxes.Count != objects.Count)
        {
            throw new ArgumentException("There must be one letterbox per image.", nameof(letterboxes));
        }
        Objects = objects;
        Letterboxes = letterboxes;
    }

    /// <summary>Each image's objects, in the input's pixels.</summary>
    public IReadOnlyList<IReadOnlyList<ObjectAnnotation>> Objects { get; }

    /// <summary>How each image was fitted into the input.</summary>
    public IReadOnlyList<Letterbox> Letterboxes { get; }
}
