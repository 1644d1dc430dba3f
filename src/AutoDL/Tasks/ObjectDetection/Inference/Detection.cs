using AutoDL.Tasks.ObjectDetection.Data;

namespace AutoDL.Tasks.ObjectDetection.Inference;

/// <summary>One object a detector found.</summary>
/// <param name="Box">Where, in the pixels of the image it was given.</param>
/// <param name="Label">Its class, an index into the model's class names.</param>
/// <param name="Score">How sure the detector is, from 0 to 1; detections are ranked by it.</param>
public sealed record Detection(BoundingBox Box, int Label, double Score);
