using AutoDL.Tasks.ImageClassification.Inference;

namespace AutoDL.Server.Batching;

/// <summary>
/// Runs one forward pass over decoded images (<see cref="Predictor.PredictPixels"/> in production): the seam
/// that lets tests hold a batch in flight to observe queueing, batching and shutdown without timing.
/// </summary>
internal delegate IReadOnlyList<Prediction> BatchPredictor(IReadOnlyList<byte[]> images, int top);
