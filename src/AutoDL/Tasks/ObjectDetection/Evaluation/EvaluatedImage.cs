using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Inference;

namespace AutoDL.Tasks.ObjectDetection.Evaluation;

/// <summary>One image of an evaluated set: what is in it, and what a detector found in it.</summary>
/// <param name="Truth">Its labelled objects, ignored ones (crowds, difficult objects) included.</param>
/// <param name="Detections">What the detector found, in any order; all of them, not only those above some score.</param>
public sealed record EvaluatedImage(IReadOnlyList<ObjectAnnotation> Truth, IReadOnlyList<Detection> Detections);
