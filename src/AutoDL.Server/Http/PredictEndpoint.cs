using System.Globalization;
using AutoDL.Data;
using AutoDL.Server.Batching;
using AutoDL.Tasks.ImageClassification.Inference;
using Microsoft.AspNetCore.Http;

namespace AutoDL.Server.Http;

/// <summary>
/// <c>POST /v1/predict</c>: reads the request, checks each image's declared size, decodes it on the request's
/// own thread (so decoding runs in parallel across requests while the model runs batches), queues the pixels
/// for the batcher and writes what the model said.
/// </summary>
internal sealed class PredictEndpoint(Predictor predictor, MicroBatcher batcher, RequestLimits limits, int defaultTop, TimeSpan requestTimeout)
{
    // Long enough for a batch or two to drain; a client that honours it does not hammer a full queue.
    private static readonly TimeSpan s_retryAfter = TimeSpan.FromSeconds(1);

    public async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var input = await PredictRequestReader.ReadAsync(context.Request, limits, aborted).ConfigureAwait(false);
        var pixels = new byte[input.Images.Count][];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = Decode(input.Images[i]);
        }
        // The deadline also reaches the queue: images of a request that gave up are dropped before their batch runs.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(requestTimeout);
        var admission = batcher.TryEnqueue(pixels, input.Top ?? defaultTop, deadline.Token, out var pending);
        if (admission != Admission.Accepted)
        {
            throw new RequestRejectedException(StatusCodes.Status503ServiceUnavailable, admission switch
            {
                Admission.QueueFull => $"The server is busy: its queue of {batcher.Capacity} images is full. Retry after {s_retryAfter.TotalSeconds:0} s (Retry-After), or send fewer images at a time.",
                Admission.Faulted => StoppedMessage,
                _ => "The server is stopping. Retry in a moment, or against another instance.",
            })
            {
                RetryAfter = s_retryAfter,
            };
        }
        Prediction[] predictions;
        try
        {
            predictions = await pending.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            throw new RequestRejectedException(StatusCodes.Status503ServiceUnavailable, string.Create(CultureInfo.InvariantCulture,
                $"The model did not answer within this server's request timeout of {requestTimeout.TotalSeconds:0.#} s. Retry after {s_retryAfter.TotalSeconds:0} s (Retry-After), or send fewer images at a time."))
            {
                RetryAfter = s_retryAfter,
            };
        }
        catch (BatcherStoppedException)
        {
            throw new RequestRejectedException(StatusCodes.Status503ServiceUnavailable, StoppedMessage) { RetryAfter = s_retryAfter };
        }
        var results = new ImageResult[predictions.Length];
        for (int i = 0; i < results.Length; i++)
        {
            var p = predictions[i];
            results[i] = new ImageResult(input.Images[i].FileName, p.Label, p.Confidence, p.Top);
        }
        await context.Response.WriteAsJsonAsync(new PredictResponse(results), ServerJson.Options, ServerJson.ContentType, aborted).ConfigureAwait(false);
    }

    private const string StoppedMessage = "The server can no longer predict: its batcher stopped after an internal error (logged). Retry against another instance; the server needs a restart.";

    private byte[] Decode(RequestImage image)
    {
        ImageHeader header;
        try
        {
            header = ImageDecoder.ReadHeader(image.Bytes);
        }
        catch (AutoDLException e)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"{Capitalise(image.Name)}: {e.Message}");
        }
        long declared = (long)header.Width * header.Height;
        if (declared > limits.MaxPixels)
        {
            throw new RequestRejectedException(StatusCodes.Status413PayloadTooLarge,
                $"{Capitalise(image.Name)} declares {header.Width}x{header.Height} pixels ({declared / 1e6:0.#} megapixels), over this server's limit of {limits.MaxPixels / 1e6:0.#} megapixels. Shrink it before sending.");
        }
        try
        {
            return predictor.LoadImage(image.Bytes);
        }
        catch (AutoDLException e)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"{Capitalise(image.Name)}: {e.Message}");
        }
    }

    private static string Capitalise(string name) => string.Concat(char.ToUpperInvariant(name[0]).ToString(), name.AsSpan(1));
}
