namespace AutoDL.Tasks.ObjectDetection.Inference;

/// <summary>
/// A detector's output decoded per location but not yet selected: what libtorch and the ONNX graph both produce, so
/// that one selection (<see cref="FcosDecoder.Select"/>) turns either into the same detections.
/// </summary>
/// <param name="Boxes">Per image and location, the box's left, top, right and bottom in input pixels, cut to the input (images × locations × 4).</param>
/// <param name="Scores">Per image, location and class, √(class probability × centre-ness) (images × locations × classes).</param>
/// <param name="Images">Images in the batch.</param>
/// <param name="Locations">Locations per image, over every pyramid level.</param>
/// <param name="Classes">Object classes.</param>
internal sealed record DetectorOutputs(float[] Boxes, float[] Scores, int Images, int Locations, int Classes);
