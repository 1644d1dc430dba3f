using System.Globalization;
using AutoDL.Data;
using AutoDL.Server.Batching;
using AutoDL.Server.Serving;
using Microsoft.AspNetCore.Http;

namespace AutoDL.Server.Http;

/// <summary>
/// <c>POST /v1/predict</c>: reads the request, checks each image's declared size, holds room in the batch queue
/// for its images, decodes them on the request's own thread (so decoding runs in parallel across requests while
/// the model runs batches), queues the pixels for the batcher and writes what the model said. Admission comes
/// before decoding, so a full queue costs nothing to refuse; decodes share a memory budget, so a burst of large
/// images runs a few at a time and the thread pool keeps threads for <c>/healthz</c>. What the model is (a classifier,
/// a detector) is <paramref name="model"/>'s business: it decodes the images, runs the batches and writes each answer.
/// </summary>
internal sealed class PredictEndpoint<TImage, TOutput>(ServedModel<TImage, TOutput> model, MicroBatcher<TImage, TOutput> batcher, RequestLimits limits, MemoryBudget bodies, MemoryBudget decodes, TimeSpan requestTimeout)
{
    // Long enough for a batch or two to drain; a client that honours it does not hammer a full queue.
    private static readonly TimeSpan s_retryAfter = TimeSpan.FromSeconds(1);

    // Each decode takes at least this share of the decode budget, so no more decodes run at once than there are
    // cores: more would only take turns on them, holding their pixels meanwhile.
    private readonly long _leastDecodeCost = decodes.Bytes / Math.Max(1, Environment.ProcessorCount);

    public async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        using var memory = new RequestMemory(bodies);
        var input = await PredictRequestReader.ReadAsync(context.Request, limits, memory, aborted).ConfigureAwait(false);
        model.Check(input.Parameters);
        var headers = new ImageHeader[input.Images.Count];
        for (int i = 0; i < headers.Length; i++)
        {
            headers[i] = CheckHeader(input.Images[i]);
        }
        // The deadline also reaches the queue: images of a request that gave up are dropped before their batch runs.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(requestTimeout);
        var admission = batcher.TryReserve(input.Images.Count, out var reservation);
        if (admission != Admission.Accepted)
        {
            throw Refused(admission);
        }
        TOutput[] outputs;
        using (reservation)
        {
            try
            {
                var images = new TImage[input.Images.Count];
                for (int i = 0; i < images.Length; i++)
                {
                    images[i] = await DecodeAsync(input.Images[i], headers[i], deadline.Token).ConfigureAwait(false);
                }
                admission = batcher.Enqueue(reservation!, images, deadline.Token, out var pending);
                if (admission != Admission.Accepted)
                {
                    throw Refused(admission);
                }
                outputs = await pending.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !aborted.IsCancellationRequested)
            {
                throw new RequestRejectedException(StatusCodes.Status503ServiceUnavailable, string.Create(CultureInfo.InvariantCulture,
                    $"The server is busy: the request was not answered within its request timeout of {requestTimeout.TotalSeconds:0.#} s. Retry after {s_retryAfter.TotalSeconds:0} s (Retry-After), or send fewer images at a time."))
                {
                    RetryAfter = s_retryAfter,
                };
            }
            catch (BatcherStoppedException)
            {
                throw new RequestRejectedException(StatusCodes.Status503ServiceUnavailable, StoppedMessage) { RetryAfter = s_retryAfter };
            }
        }
        var results = new object[outputs.Length];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = model.Answer(outputs[i], input.Images[i].FileName, input.Parameters);
        }
        await context.Response.WriteAsJsonAsync(new PredictResponse(results), ServerJson.Options, ServerJson.ContentType, aborted).ConfigureAwait(false);
    }

    private RequestRejectedException Refused(Admission admission) => new(StatusCodes.Status503ServiceUnavailable, admission switch
    {
        Admission.QueueFull => $"The server is busy: its queue of {batcher.Capacity} images is full. Retry after {s_retryAfter.TotalSeconds:0} s (Retry-After), or send fewer images at a time.",
        Admission.Faulted => StoppedMessage,
        _ => "The server is stopping. Retry in a moment, or against another instance.",
    })
    {
        RetryAfter = s_retryAfter,
    };

    private const string StoppedMessage = "The server can no longer predict: its batcher stopped after an internal error (logged). Retry against another instance; the server needs a restart.";

    /// <summary>Reads the image's header alone and refuses it when it is not an image or declares too many pixels.</summary>
    private ImageHeader CheckHeader(RequestImage image)
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
        return header;
    }

    /// <summary>Decodes one image into the model's input once the decode budget has room for its declared pixels.</summary>
    private async Task<TImage> DecodeAsync(RequestImage image, ImageHeader header, CancellationToken cancellationToken)
    {
        long cost = Math.Min(Math.Max((long)header.Width * header.Height * 4, _leastDecodeCost), decodes.Bytes);
        await decodes.TakeAsync(cost, cancellationToken).ConfigureAwait(false);
        try
        {
            return model.Decode(image.Bytes);
        }
        catch (AutoDLException e)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"{Capitalise(image.Name)}: {e.Message}");
        }
        finally
        {
            decodes.Give(cost);
        }
    }

    private static string Capitalise(string name) => string.Concat(char.ToUpperInvariant(name[0]).ToString(), name.AsSpan(1));
}
