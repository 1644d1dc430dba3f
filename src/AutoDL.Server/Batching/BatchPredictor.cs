namespace AutoDL.Server.Batching;

/// <summary>
/// Runs one forward pass over decoded images (<see cref="Serving.ServedModel{TImage, TOutput}.Run"/> in production): the
/// seam that lets tests hold a batch in flight to observe queueing, batching and shutdown without timing.
/// </summary>
/// <typeparam name="TImage">An image decoded into the model's input.</typeparam>
/// <typeparam name="TOutput">What the model says about one image.</typeparam>
internal delegate IReadOnlyList<TOutput> BatchPredictor<TImage, TOutput>(IReadOnlyList<TImage> images);
