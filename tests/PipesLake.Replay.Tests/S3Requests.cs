using System.Text.Json;
using System.Web;
using PipesLake.Blueprint;
using PipesLake.Blueprint.Tests;

namespace PipesLake.Replay.Tests;

/// <summary>
/// The requests the tool sent to the S3 server in a suite, as moto's recorder wrote them (method, URL, headers), each
/// mapped to what IAM authorizes it as (Service Authorization Reference, "Actions, resources, and condition keys for
/// Amazon S3": GetObject and HeadObject are s3:GetObject on the object; PutObject s3:PutObject, a copy also
/// s3:GetObject on its source; DeleteObject s3:DeleteObject; ListObjectsV2 s3:ListBucket on the bucket with
/// s3:prefix; an SSE-KMS PUT also kms:GenerateDataKey through S3, with the Bucket Key's bucket-ARN context) and
/// judged against the operator policy the stack attaches to whoever runs the tool on the bucket.
/// </summary>
internal static class S3Requests
{
    private static readonly AwsContext s_aws = new("aws", "000000000000", "eu-west-1");
    private static readonly string[] s_lakeRoots = [LakePrefixes.DataRoot, LakePrefixes.ErrorRoot, LakePrefixes.HandledErrorRoot, LakePrefixes.ExportRoot, LakePrefixes.ToolStateRoot];

    /// <summary>
    /// A suite's end: every request the tool sent is judged against the operator policy, before the server goes.
    /// Without moto the set-up stopped (inconclusive) before the server existed.
    /// </summary>
    public static void Judge(S3Server? server)
    {
        if (server is not null)
        {
            Assert.That(DeniedToTheOperator(server), Is.Empty, "requests the operator policy would deny");
        }
    }

    /// <summary>
    /// Every request of the tool's that the operator policy would deny, one line each. Reads outside a lake's prefixes
    /// are of the run's input (an object to replay in another bucket): the operator's own grant, not the policy's.
    /// </summary>
    public static string[] DeniedToTheOperator(S3Server server)
    {
        var denied = new List<string>();
        foreach (JsonElement entry in server.Recording())
        {
            (string method, string bucket, string key, Dictionary<string, string> query, Dictionary<string, string> headers) = Parse(entry);
            if (!headers.TryGetValue("Authorization", out string? authorization) || !authorization.Contains($"Credential={S3Server.AccessKey}/", StringComparison.Ordinal))
            {
                // The test harness's own requests (its own credentials): setting the stage, reading the outcome.
                continue;
            }

            // A test's lake may lie under a prefix (s3://bucket/lake/); the stack's lies at its bucket's root: judged as that.
            (key, query) = (AtLakeRoot(key), query.ToDictionary(q => q.Key, q => q.Key == "prefix" ? AtLakeRoot(q.Value) : q.Value, StringComparer.Ordinal));
            foreach (AwsRequest request in Iam(method, bucket, key, query, headers))
            {
                string place = request.Context.GetValueOrDefault("s3:prefix") ?? key;
                bool inLake = s_lakeRoots.Any(root => place.StartsWith(root, StringComparison.Ordinal));
                bool write = request.Action is "s3:PutObject" or "s3:DeleteObject";
                if ((inLake || write) && !PolicyEvaluator.Allows(LakePolicies.OperatorPolicy(s_aws, $"arn:aws:s3:::{bucket}", KeyOf(headers) ?? "arn:aws:kms:eu-west-1:000000000000:key/none", []), request))
                {
                    denied.Add($"{method} {bucket}/{key}{(query.Count > 0 ? "?" + string.Join('&', query.Select(q => $"{q.Key}={q.Value}")) : string.Empty)}: {request.Action} on {request.Resource}");
                }
            }
        }

        return [.. denied.Distinct()];
    }

    /// <summary>A key or prefix with a lake's prefix before its first lake folder taken away: <c>lake/data/x</c> is <c>data/x</c>.</summary>
    private static string AtLakeRoot(string key)
    {
        if (s_lakeRoots.Any(root => key.StartsWith(root, StringComparison.Ordinal)))
        {
            return key;
        }

        int at = s_lakeRoots.Select(root => key.IndexOf("/" + root, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        return at < 0 ? key : key[(at + 1)..];
    }

    /// <summary>What IAM evaluates for one S3 request; throws for a request the tool is not known to make, so a new one cannot pass unjudged.</summary>
    public static IEnumerable<AwsRequest> Iam(string method, string bucket, string key, IReadOnlyDictionary<string, string> query, IReadOnlyDictionary<string, string> headers)
    {
        string bucketArn = $"arn:aws:s3:::{bucket}", objectArn = $"{bucketArn}/{key}";
        var none = new Dictionary<string, string>();
        if (key.Length == 0)
        {
            return (method, query.ContainsKey("list-type")) switch
            {
                ("GET", true) => [new AwsRequest("s3:ListBucket", bucketArn, new Dictionary<string, string> { ["s3:prefix"] = query.GetValueOrDefault("prefix") ?? string.Empty })],
                _ => throw new InvalidOperationException($"the tool sent {method} {bucket}?{string.Join('&', query.Keys)}, which S3Requests does not map"),
            };
        }

        return method switch
        {
            "GET" or "HEAD" => [new AwsRequest("s3:GetObject", objectArn, none)],
            "DELETE" => [new AwsRequest("s3:DeleteObject", objectArn, none)],
            "PUT" => Put(objectArn, bucketArn, headers),
            _ => throw new InvalidOperationException($"the tool sent {method} {bucket}/{key}, which S3Requests does not map"),
        };
    }

    private static IEnumerable<AwsRequest> Put(string objectArn, string bucketArn, IReadOnlyDictionary<string, string> headers)
    {
        yield return new AwsRequest("s3:PutObject", objectArn, new Dictionary<string, string>());
        if (headers.TryGetValue("X-Amz-Copy-Source", out string? source))
        {
            yield return new AwsRequest("s3:GetObject", $"arn:aws:s3:::{HttpUtility.UrlDecode(source.TrimStart('/'))}", new Dictionary<string, string>());
        }

        if (KeyOf(headers) is { } key)
        {
            yield return new AwsRequest("kms:GenerateDataKey", key, new Dictionary<string, string>
            {
                ["kms:ViaService"] = s_aws.Via("s3"),
                ["kms:EncryptionContext:aws:s3:arn"] = headers.ContainsKey("X-Amz-Server-Side-Encryption-Bucket-Key-Enabled") ? bucketArn : objectArn,
            });
        }
    }

    private static string? KeyOf(IReadOnlyDictionary<string, string> headers) =>
        headers.GetValueOrDefault("X-Amz-Server-Side-Encryption") == "aws:kms" ? headers.GetValueOrDefault("X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id") : null;

    private static (string Method, string Bucket, string Key, Dictionary<string, string> Query, Dictionary<string, string> Headers) Parse(JsonElement entry)
    {
        var url = new Uri(entry.GetProperty("url").GetString()!);
        string path = url.AbsolutePath.TrimStart('/');
        int slash = path.IndexOf('/', StringComparison.Ordinal);
        string bucket = slash < 0 ? path : path[..slash];
        string key = slash < 0 ? string.Empty : Uri.UnescapeDataString(path[(slash + 1)..]);
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        System.Collections.Specialized.NameValueCollection pairs = HttpUtility.ParseQueryString(url.Query);
        foreach (string? name in pairs.AllKeys)
        {
            if (name is not null)
            {
                query[name] = pairs[name] ?? string.Empty;
            }
            else
            {
                // A bare name (?delete, ?location): a key with no value.
                foreach (string bare in pairs.GetValues(null) ?? [])
                {
                    query[bare] = string.Empty;
                }
            }
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty header in entry.GetProperty("headers").EnumerateObject())
        {
            headers[header.Name] = header.Value.GetString() ?? string.Empty;
        }

        return (entry.GetProperty("method").GetString()!, bucket, key, query, headers);
    }
}
