using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace AutoDL.Server.Http;

/// <summary>
/// Reads a predict request in any of its three forms (raw image bytes, multipart/form-data files, JSON with
/// base64 images) into encoded images, refusing anything malformed or over the limits with a message that
/// says how to send it instead. Nothing here decodes pixels.
/// </summary>
internal static class PredictRequestReader
{
    private const string HowToSend =
        "Send one image as the body (Content-Type image/png, image/jpeg, … or application/octet-stream), "
        + "images as multipart/form-data file fields (curl -F image=@photo.png), "
        + "or JSON {\"images\": [\"<base64>\", …]} (Content-Type application/json); "
        + "optionally top (classifiers) or minScore (detectors) in the query, the JSON or a form field.";

    private const string JsonShape = "Send {\"images\": [\"<base64>\", …]} with an optional \"top\": k (classifiers) or \"minScore\": s (detectors).";

    // Deep enough for the request's own shape; a deeply nested body is an attack or a mistake, not a request.
    private static readonly JsonDocumentOptions s_jsonOptions = new() { MaxDepth = 8 };

    /// <summary>
    /// Reads the request, charging its body to <paramref name="memory"/> as it arrives; past
    /// <see cref="RequestLimits.BodyTimeout"/> the request is refused with 408.
    /// </summary>
    public static async Task<PredictInput> ReadAsync(HttpRequest request, RequestLimits limits, RequestMemory memory, CancellationToken requestAborted)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(limits.BodyTimeout);
        try
        {
            return await ReadAnyFormAsync(request, limits, memory, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (deadline.IsCancellationRequested && !requestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // A client trickling its body ties up a connection and its buffer: past the deadline it is cut off.
            throw new RequestRejectedException(StatusCodes.Status408RequestTimeout, string.Create(CultureInfo.InvariantCulture,
                $"The request body did not arrive within this server's limit of {limits.BodyTimeout.TotalSeconds:0.#} s. Send it at once, or fewer images per request."))
            {
                CloseConnection = true,
            };
        }
    }

    private static async Task<PredictInput> ReadAnyFormAsync(HttpRequest request, RequestLimits limits, RequestMemory memory, CancellationToken cancellationToken)
    {
        var queryParameters = PredictParameters.FromQuery(request.Query);
        if (request.ContentLength > limits.MaxBytes)
        {
            // A client waiting for 100-continue has sent nothing yet: answering now spares it the upload.
            bool waitsToSend = request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase);
            throw TooLarge(limits, drain: !waitsToSend);
        }
        var media = ParseContentType(request.ContentType);
        var type = media.MediaType.Value ?? "";
        PredictInput input;
        if (type.StartsWith("image/", StringComparison.OrdinalIgnoreCase) || type.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            var bytes = await ReadBodyAsync(request, limits, memory, cancellationToken).ConfigureAwait(false);
            if (bytes.Length == 0)
            {
                throw new RequestRejectedException(StatusCodes.Status400BadRequest, "The request body is empty. " + HowToSend);
            }
            input = new PredictInput([new RequestImage("the image", null, bytes)], PredictParameters.None);
        }
        else if (type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            input = await ReadMultipartAsync(request, media, limits, memory, cancellationToken).ConfigureAwait(false);
        }
        else if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            input = ReadJson(await ReadBodyAsync(request, limits, memory, cancellationToken).ConfigureAwait(false), limits);
        }
        else
        {
            throw new RequestRejectedException(StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{Shorten(type)}' is not supported. " + HowToSend);
        }
        // A parameter in the body is the more specific request; the query's applies otherwise.
        return input with { Parameters = input.Parameters.Or(queryParameters) };
    }

    private static MediaTypeHeaderValue ParseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            throw new RequestRejectedException(StatusCodes.Status415UnsupportedMediaType, "The request has no Content-Type. " + HowToSend);
        }
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is null)
        {
            throw new RequestRejectedException(StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{Shorten(contentType)}' cannot be parsed. " + HowToSend);
        }
        return media;
    }

    /// <summary>
    /// The whole body, refusing more than the limit even when no Content-Length announced it. The buffer grows with
    /// what arrives: sized from Content-Length, a client that announces 16 MiB and sends nothing would hold 16 MiB.
    /// </summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, RequestLimits limits, RequestMemory memory, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(request.ContentLength is long length ? (int)Math.Min(length, InitialBodyBuffer) : 0);
        await using (var limited = new LimitedReadStream(request.Body, limits, memory))
        {
            await limited.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        }
        return body.Length == body.Capacity ? body.GetBuffer() : body.ToArray();
    }

    // One read's worth: a small body fits at once, a large one doubles a few times as it arrives.
    private const int InitialBodyBuffer = 64 * 1024;

    private static PredictInput ReadJson(byte[] body, RequestLimits limits)
    {
        if (body.Length == 0)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, "The JSON body is empty. " + JsonShape);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, s_jsonOptions);
        }
        catch (JsonException e)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"The body is not valid JSON ({e.Message}). {JsonShape}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"The JSON body is {Describe(root.ValueKind)}, not an object. {JsonShape}");
            }
            if (!root.TryGetProperty("images", out var images))
            {
                throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"The JSON body has no \"images\" field. {JsonShape}");
            }
            if (images.ValueKind != JsonValueKind.Array)
            {
                throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"\"images\" is {Describe(images.ValueKind)}; it must be an array of base64 strings. {JsonShape}");
            }
            int count = images.GetArrayLength();
            if (count == 0)
            {
                throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"\"images\" is empty. {JsonShape}");
            }
            if (count > limits.MaxImages)
            {
                throw TooManyImages(count, limits);
            }
            var parameters = PredictParameters.FromJson(root);
            var result = new List<RequestImage>(count);
            int index = 0;
            foreach (var element in images.EnumerateArray())
            {
                var name = $"images[{index++}]";
                if (element.ValueKind != JsonValueKind.String)
                {
                    throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"{name} is {Describe(element.ValueKind)}; each image must be a base64 string of the encoded file. {JsonShape}");
                }
                result.Add(new RequestImage(name, null, DecodeBase64(element.GetString()!, name)));
            }
            return new PredictInput(result, parameters);
        }
    }

    private static byte[] DecodeBase64(string text, string name)
    {
        var span = text.AsSpan().Trim();
        // A data URL (data:image/png;base64,…) is what a browser's FileReader gives; accept it as it is.
        if (span.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            int comma = span.IndexOf(',');
            if (comma < 0 || !span[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"{name} is a data URL that is not base64; send the base64 of the encoded image.");
            }
            span = span[(comma + 1)..];
        }
        if (span.IsEmpty)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"{name} is an empty string; send the base64 of the encoded image.");
        }
        var bytes = new byte[((span.Length / 4) + 1) * 3];
        if (!Convert.TryFromBase64Chars(span, bytes, out int written))
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"{name} is not valid base64; send the base64 (RFC 4648, with padding) of the encoded image.");
        }
        return bytes.AsSpan(0, written).ToArray();
    }

    private static async Task<PredictInput> ReadMultipartAsync(HttpRequest request, MediaTypeHeaderValue media, RequestLimits limits, RequestMemory memory, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        // RFC 2046 caps a boundary at 70 characters; a longer one is not multipart, and costs every line scanned.
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, "The multipart/form-data Content-Type has no valid boundary (1 to 70 characters). Let the HTTP client build the form: curl -F image=@photo.png.");
        }
        await using var body = new LimitedReadStream(request.Body, limits, memory);
        var reader = new MultipartReader(boundary, body) { BodyLengthLimit = limits.MaxBytes };
        var images = new List<RequestImage>();
        var parameters = PredictParameters.None;
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    throw new RequestRejectedException(StatusCodes.Status400BadRequest, "A multipart section has no 'Content-Disposition: form-data' header. Let the HTTP client build the form: curl -F image=@photo.png.");
                }
                if (disposition.IsFileDisposition())
                {
                    if (images.Count == limits.MaxImages)
                    {
                        throw TooManyImages(images.Count + 1, limits, atLeast: true);
                    }
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                    using var copy = new MemoryStream();
                    await section.Body.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                    images.Add(new RequestImage($"file '{Shorten(fileName)}'", fileName, copy.ToArray()));
                }
                else
                {
                    var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                    if (!PredictParameters.IsName(name))
                    {
                        throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"The form field '{Shorten(name)}' is not a file. Send images as file fields (curl -F image=@photo.png) and, optionally, a field 'top' (classifiers) or 'minScore' (detectors).");
                    }
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    var value = await text.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                    parameters = parameters.With(name, value.Trim(), $"The field '{name}'");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or (IOException and not BadHttpRequestException))
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"The multipart/form-data body is malformed ({e.Message}). Let the HTTP client build the form: curl -F image=@photo.png.");
        }
        if (images.Count == 0)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, "The multipart/form-data body has no file fields. Send images as files: curl -F image=@photo.png.");
        }
        return new PredictInput(images, parameters);
    }

    internal static RequestRejectedException TooLarge(RequestLimits limits, bool drain = true) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The request body is over this server's limit of {limits.MaxBytesText}. Send fewer or smaller images per request.") { DrainBody = drain };

    private static RequestRejectedException TooManyImages(int count, RequestLimits limits, bool atLeast = false) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The request has {(atLeast ? "at least " : "")}{count} images; this server takes at most {limits.MaxImages} per request. Split them over several requests.");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "empty",
    };

    /// <summary>Client text echoed in a message, cut so an error cannot be made arbitrarily long.</summary>
    internal static string Shorten(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 100), "…");
}
