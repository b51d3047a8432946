using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace PipesLake.Replay.Storage;

/// <summary>
/// A failed AWS request (S3, or DynamoDB Streams for <c>dlq</c>) as one line naming the service, the endpoint and what
/// failed: a connection refused, a name that does not resolve, a connection dropped mid-run, credentials the service
/// refuses, requests still throttled after the SDK's retries, or any other refusal with the service's own words and code.
/// </summary>
internal static class AwsFailures
{
    // What S3 (S3 API Reference, "Error responses") and DynamoDB (DynamoDB Developer Guide, "Error handling", 400 errors)
    // answer when the credentials are the problem; STS's expired token.
    private static readonly HashSet<string> s_credentials = new(StringComparer.Ordinal)
    {
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "InvalidToken", "TokenRefreshRequired", "RequestExpired",
        "UnrecognizedClientException", "InvalidSignatureException", "MissingAuthenticationTokenException", "InvalidClientTokenId",
    };

    /// <summary>The line for <paramref name="failure"/> when it is a failed AWS request; null for anything else.</summary>
    /// <param name="failure">What a command threw.</param>
    /// <param name="endpoint">The service and endpoint of the command's client (<see cref="AwsEndpoint.Current"/>), or null before one is made.</param>
    public static string? Describe(Exception failure, AwsEndpoint? endpoint)
    {
        string name = endpoint?.Service ?? "S3";
        string at = endpoint?.Where ?? name;
        if (failure is AmazonServiceException service && Find<HttpRequestException>(failure) is null && !IsDropped(failure))
        {
            string code = service.ErrorCode ?? ((int)service.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string words = service.Message.ReplaceLineEndings(" ").TrimEnd('.');
            if (s_credentials.Contains(code))
            {
                return $"{name} at {at} refused the credentials: {words} ({code}); check the profile or the AWS_* variables.";
            }

            if (service.StatusCode == HttpStatusCode.ServiceUnavailable || code is "SlowDown" or "Throttling" or "ThrottlingException" or "RequestLimitExceeded" or "LimitExceededException")
            {
                return $"{name} at {at} throttled this run's requests, still after the SDK's retries: {words} ({code}); rerun later, or with fewer runs at once.";
            }

            return $"{name} refused a request at {at}: {words} ({code}).";
        }

        if (IsNetwork(failure))
        {
            return $"cannot reach {name} at {at}: {Innermost(failure)}.";
        }

        return failure is AmazonClientException client ? $"cannot reach {name} at {at}: {client.Message.ReplaceLineEndings(" ").TrimEnd('.')}." : null;
    }

    /// <summary>Whether <paramref name="failure"/> is a network failure: no connection, no name, a connection dropped or timed out.</summary>
    public static bool IsNetwork(Exception failure) =>
        Find<HttpRequestException>(failure) is not null || Find<SocketException>(failure) is not null || IsDropped(failure)
        || (failure is TaskCanceledException or TimeoutException && Find<AmazonClientException>(failure) is null);

    private static bool IsDropped(Exception failure) => Find<HttpIOException>(failure) is not null;

    private static T? Find<T>(Exception failure)
        where T : Exception
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Innermost(Exception failure)
    {
        // The outermost message that says where (HttpRequestException names host:port), else the deepest cause.
        Exception deepest = failure;
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or HttpIOException)
            {
                return e.Message.ReplaceLineEndings(" ").TrimEnd('.');
            }

            deepest = e;
        }

        return deepest.Message.ReplaceLineEndings(" ").TrimEnd('.');
    }
}
