using AutoDL.Monitoring.Drift;
using AutoDL.Packaging;
using AutoDL.Server.Http;

namespace AutoDL.Server.Serving;

/// <summary>
/// The seam between the HTTP server and a task's model. The server admits, decodes, batches and answers requests the
/// same way whatever the model predicts; a task says how its images are decoded, what one forward pass over a batch
/// returns, and how one image's answer reads. A batch serves requests that asked for different things (three classes,
/// objects above 0.5), so it runs once with the most any request may ask for and each request's answer is cut from it.
/// </summary>
/// <typeparam name="TImage">An image decoded into the model's input, with whatever is needed to read its answer back.</typeparam>
/// <typeparam name="TOutput">What one forward pass says about one image.</typeparam>
internal abstract class ServedModel<TImage, TOutput>
{
    /// <summary>The package's manifest, as <c>GET /v1/model</c> shows it.</summary>
    public abstract PackageManifest Manifest { get; }

    /// <summary>How the model runs, with the batching its package recommends.</summary>
    public abstract InferenceSettings Settings { get; }

    /// <summary>The drift monitor the model's predictions feed; null where its package has no drift reference.</summary>
    public virtual DriftMonitor? Drift => null;

    /// <summary>Refuses, before anything is decoded, a parameter that does not apply to this model.</summary>
    /// <exception cref="RequestRejectedException">The request asks for something this model does not give.</exception>
    public abstract void Check(PredictParameters parameters);

    /// <summary>Decodes an encoded image into the model's input, on the request's own thread.</summary>
    /// <exception cref="AutoDLException">The bytes are not an image this server decodes.</exception>
    public abstract TImage Decode(byte[] encoded);

    /// <summary>One forward pass over a batch, answering as much as any request may ask for.</summary>
    public abstract IReadOnlyList<TOutput> Run(IReadOnlyList<TImage> images);

    /// <summary>The response's entry for one image: its output cut to what its request asked for.</summary>
    /// <param name="output">What the batch said about the image.</param>
    /// <param name="fileName">The image's multipart file name, echoed back; null for raw and JSON requests.</param>
    /// <param name="parameters">What the request asked for.</param>
    public abstract object Answer(TOutput output, string? fileName, PredictParameters parameters);

    /// <summary>The refusal of a parameter this model does not take, saying which one it does.</summary>
    protected static RequestRejectedException DoesNotApply(string given, string task, string instead) =>
        new(Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest, $"'{given}' does not apply to this server's model, an {task}; ask for '{instead}' instead.");
}
