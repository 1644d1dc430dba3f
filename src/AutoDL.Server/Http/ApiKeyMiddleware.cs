using System.Security.Cryptography;
using System.Text;
using AutoDL.Server.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AutoDL.Server.Http;

/// <summary>
/// Lets a request through only with the server's API key, in <c>X-API-Key</c> or <c>Authorization: Bearer</c>.
/// <c>/healthz</c> stays open so load balancers and orchestrators can probe without the secret.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, string apiKey)
{
    private const string HeaderName = "X-API-Key";
    private const string Challenge = "Bearer";

    // Keys are compared as hashes in constant time: neither the content nor the length of the key leaks through timing.
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.Equals(Endpoints.Health, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }
        var presented = Presented(context.Request)
            ?? throw new RequestRejectedException(StatusCodes.Status401Unauthorized, $"This server needs an API key: send it in the {HeaderName} header or as 'Authorization: Bearer <key>'.") { Challenge = Challenge };
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        if (!CryptographicOperations.FixedTimeEquals(hash, _expected))
        {
            throw new RequestRejectedException(StatusCodes.Status401Unauthorized, "The API key is wrong. Send the key the server was started with.") { Challenge = Challenge };
        }
        return next(context);
    }

    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers[HeaderName];
        if (header.Count > 0 && !string.IsNullOrEmpty(header[0]))
        {
            return header[0];
        }
        var authorization = request.Headers[HeaderNames.Authorization].ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? authorization[bearer.Length..].Trim() : null;
    }
}
