using System.Text.Json;
using PipesLake.Blueprint;
using PipesLake.Blueprint.Tests;

namespace PipesLake.Replay.Tests;

/// <summary>
/// The DynamoDB Streams requests the tool sent to moto's server (<c>dlq</c>), as its recorder wrote them, each mapped to
/// what IAM authorizes it as (Service Authorization Reference, "Actions, resources, and condition keys for Amazon
/// DynamoDB": GetShardIterator and GetRecords on the stream; the action is the <c>X-Amz-Target</c> header's, the stream
/// GetShardIterator's <c>StreamArn</c>, or for GetRecords the stream its iterator belongs to, whose ARN the iterator
/// starts with) and judged against the operator policy.
/// </summary>
internal static class StreamRequests
{
    /// <summary>The tool's requests as (action, stream): every one, in order.</summary>
    public static List<AwsRequest> OfTheTool(S3Server server)
    {
        var requests = new List<AwsRequest>();
        foreach (JsonElement entry in server.Recording())
        {
            JsonElement headers = entry.GetProperty("headers");
            string? target = Header(headers, "X-Amz-Target");
            string? authorization = Header(headers, "Authorization");
            if (target is null || authorization is null || !authorization.Contains($"Credential={S3Server.AccessKey}/", StringComparison.Ordinal))
            {
                continue;
            }

            // The recorder keeps a body it does not take for text in base64, and says so.
            string recorded = entry.GetProperty("body").GetString()!;
            using JsonDocument body = JsonDocument.Parse(entry.TryGetProperty("body_encoded", out JsonElement encoded) && encoded.ValueKind == JsonValueKind.True
                ? Convert.FromBase64String(recorded)
                : System.Text.Encoding.UTF8.GetBytes(recorded));
            requests.Add(target switch
            {
                "DynamoDBStreams_20120810.GetShardIterator" => new AwsRequest("dynamodb:GetShardIterator", body.RootElement.GetProperty("StreamArn").GetString()!, new Dictionary<string, string>()),
                "DynamoDBStreams_20120810.GetRecords" => new AwsRequest("dynamodb:GetRecords", body.RootElement.GetProperty("ShardIterator").GetString()!.Split('|')[0], new Dictionary<string, string>()),
                _ => throw new InvalidOperationException($"the tool sent {target}, which StreamRequests does not map"),
            });
        }

        return requests;
    }

    /// <summary>Each of the tool's requests the operator policy for <paramref name="streams"/> would deny.</summary>
    public static string[] DeniedToTheOperator(S3Server server, AwsContext aws, IReadOnlyList<OperatorStream> streams)
    {
        PolicyDocument policy = LakePolicies.OperatorPolicy(aws, "arn:aws:s3:::lake", "arn:aws:kms:eu-west-1:123456789012:key/none", streams);
        return [.. OfTheTool(server).Where(r => !PolicyEvaluator.Allows(policy, r)).Select(r => $"{r.Action} on {r.Resource}").Distinct()];
    }

    private static string? Header(JsonElement headers, string name) =>
        headers.EnumerateObject().Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.GetString()).FirstOrDefault();
}
