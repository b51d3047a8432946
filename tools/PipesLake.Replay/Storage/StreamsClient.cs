using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Internal.Auth;

namespace PipesLake.Replay.Storage;

/// <summary>
/// The two DynamoDB Streams calls <c>dlq</c> makes, GetShardIterator and GetRecords, over the service's JSON protocol
/// (DynamoDB Streams API Reference: <c>POST /</c>, <c>X-Amz-Target: DynamoDBStreams_20120810.&lt;action&gt;</c>,
/// <c>application/x-amz-json-1.0</c>), signed with Signature Version 4 by AWSSDK.Core's signer. AWSSDK.DynamoDBv2 4.x
/// has no Streams client, and this registry serves no other package that does; the records come back as DynamoDB's
/// JSON, which is also what <c>replay</c> reads, so nothing is converted. Credentials and endpoint as the AWS CLI finds
/// them: <c>--profile</c> or <c>AWS_PROFILE</c>, else the default chain; <c>--endpoint-url</c>, else
/// <c>AWS_ENDPOINT_URL_DYNAMODB_STREAMS</c>, else <c>AWS_ENDPOINT_URL</c>, else the region's own. Throttling and
/// server errors are retried with backoff, as the SDKs do; any other refusal is an <see cref="AmazonServiceException"/>
/// with the service's code, for <see cref="AwsFailures"/> to name in one line.
/// </summary>
internal sealed class StreamsClient : IDisposable
{
    private const string Service = "dynamodb";
    private const int Attempts = 5;
    private static readonly MediaTypeHeaderValue s_json = new("application/x-amz-json-1.0");

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Uri _endpoint;
    private readonly string _region;
    private readonly AWSCredentials _credentials;

    /// <exception cref="ReplayException">The profile does not exist: one line.</exception>
    public StreamsClient(string? endpointUrl, string? profile, string region)
    {
        string? endpoint = AwsEndpoint.Choose("DynamoDB Streams", endpointUrl, "AWS_ENDPOINT_URL_DYNAMODB_STREAMS", region);
        _endpoint = new Uri(endpoint ?? $"https://streams.dynamodb.{region}.amazonaws.com{(region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : string.Empty)}/");
        _region = region;
        _credentials = AwsEndpoint.Credentials(profile) ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
    }

    /// <summary>GetShardIterator: an iterator at (or after, or from the oldest record of) a shard; null when the answer has none.</summary>
    public string? ShardIterator(string streamArn, string shardId, string type, string? sequenceNumber)
    {
        using JsonDocument answer = Call("GetShardIterator", json =>
        {
            json.WriteString("StreamArn", streamArn);
            json.WriteString("ShardId", shardId);
            json.WriteString("ShardIteratorType", type);
            if (sequenceNumber is not null)
            {
                json.WriteString("SequenceNumber", sequenceNumber);
            }
        });
        return answer.RootElement.TryGetProperty("ShardIterator", out JsonElement iterator) && iterator.ValueKind == JsonValueKind.String ? iterator.GetString() : null;
    }

    /// <summary>GetRecords: the answer as DynamoDB gave it (<c>Records</c>, <c>NextShardIterator</c>); the caller disposes it.</summary>
    public JsonDocument Records(string shardIterator) => Call("GetRecords", json => json.WriteString("ShardIterator", shardIterator));

    public void Dispose() => _http.Dispose();

    private JsonDocument Call(string action, Action<Utf8JsonWriter> body)
    {
        byte[] content;
        using (var buffer = new MemoryStream())
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                body(json);
                json.WriteEndObject();
            }

            content = buffer.ToArray();
        }

        for (int attempt = 1; ; attempt++)
        {
            using HttpRequestMessage request = Signed(action, content);
            HttpResponseMessage response;
            try
            {
                response = _http.SendAsync(request).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && attempt < Attempts)
            {
                Backoff(attempt);
                continue;
            }

            using (response)
            {
                byte[] answer = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    return JsonDocument.Parse(answer);
                }

                (string code, string message) = Error(answer, response.StatusCode);
                bool retry = (int)response.StatusCode >= 500 || code is "LimitExceededException" or "ThrottlingException" or "ProvisionedThroughputExceededException" or "RequestLimitExceeded";
                if (retry && attempt < Attempts)
                {
                    Backoff(attempt);
                    continue;
                }

                string requestId = response.Headers.TryGetValues("x-amzn-RequestId", out IEnumerable<string>? ids) ? ids.First() : string.Empty;
                throw new AmazonServiceException($"{action}: {message}", null, ErrorType.Sender, code, requestId, response.StatusCode);
            }
        }
    }

    private HttpRequestMessage Signed(string action, byte[] content)
    {
        ImmutableCredentials credentials = _credentials.GetCredentials();
        DateTime now = DateTime.UtcNow;
        string date = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string host = _endpoint.IsDefaultPort ? _endpoint.Host : $"{_endpoint.Host}:{_endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
        string target = $"DynamoDBStreams_20120810.{action}";
        string hash = Convert.ToHexStringLower(SHA256.HashData(content));

        // The canonical request (IAM User Guide, "Create a canonical request for Signature Version 4"): headers in
        // lower case, sorted, each on its line; then the signed header names; then the body's hash.
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = s_json.MediaType!,
            ["host"] = host,
            ["x-amz-date"] = date,
            ["x-amz-target"] = target,
        };
        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        string signedHeaders = string.Join(';', headers.Keys);
        var canonical = new StringBuilder("POST\n").Append(_endpoint.AbsolutePath).Append("\n\n");
        foreach ((string name, string value) in headers)
        {
            canonical.Append(name).Append(':').Append(value.Trim()).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(hash);
        AWS4SigningResult signature = AWS4Signer.ComputeSignature(credentials, _region, now, Service, signedHeaders, canonical.ToString());

        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = s_json;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", date);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
        return request;
    }

    /// <summary>
    /// The error's code and message: from DynamoDB's JSON error body (the part of <c>__type</c> after <c>#</c>, and
    /// <c>message</c>), or from an XML <c>ErrorResponse</c> (<c>Code</c>, <c>Message</c>), as AWS's request
    /// authentication answers some services' requests and moto answers every refused key.
    /// </summary>
    private static (string Code, string Message) Error(byte[] answer, HttpStatusCode status)
    {
        string fallback = ((int)status).ToString(CultureInfo.InvariantCulture);
        try
        {
            if (answer.AsSpan().TrimStart(" \t\r\n"u8).StartsWith("<"u8))
            {
                XDocument xml = XDocument.Parse(Encoding.UTF8.GetString(answer));
                string? xmlCode = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
                string? xmlMessage = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
                return (string.IsNullOrEmpty(xmlCode) ? fallback : xmlCode, string.IsNullOrEmpty(xmlMessage) ? status.ToString() : xmlMessage);
            }

            using JsonDocument error = JsonDocument.Parse(answer);
            string type = error.RootElement.TryGetProperty("__type", out JsonElement t) ? t.GetString() ?? string.Empty : string.Empty;
            string message = (error.RootElement.TryGetProperty("message", out JsonElement m) || error.RootElement.TryGetProperty("Message", out m)) ? m.GetString() ?? string.Empty : string.Empty;
            string code = type[(type.LastIndexOf('#') + 1)..];
            return (code.Length > 0 ? code : fallback, message.Length > 0 ? message : status.ToString());
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException)
        {
            return (fallback, status.ToString());
        }
    }

    private static void Backoff(int attempt) => Thread.Sleep(TimeSpan.FromMilliseconds(100 * (1 << attempt) * (0.5 + Random.Shared.NextDouble())));
}
