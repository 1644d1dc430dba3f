using SkiaSharp;

namespace AutoDL.Bench.DetectionData;

/// <summary>A kind of shape the generator draws: one of the classes a detector must find, or a distractor it must learn
/// to ignore.</summary>
/// <param name="Name">The class name (lower case, as every annotation format writes it).</param>
/// <param name="Outline">Draws the shape's outline around the origin, at any scale (the planner fits it to its box),
/// with its own random proportions and rotation.</param>
internal sealed record ShapeKind(string Name, Func<Random, SKPath> Outline);
