using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace PipesLake.Replay.Tests;

/// <summary>A DYNAMODB_JSON export whose items spread over eight sites and, at one per half second, over the following minutes.</summary>
internal static class SampleExport
{
    public const string ExportId = "01700000000000-abcdef12";

    /// <summary>Each file's path below the export (manifests, <c>data/part-N.json.gz</c>) and its bytes, as DynamoDB writes them.</summary>
    public static IEnumerable<(string Relative, byte[] Bytes)> Create(int items, int files)
    {
        var manifest = new StringBuilder();
        for (int f = 0; f < files; f++)
        {
            int count = 0;
            using var compressed = new MemoryStream();
            using (var gzip = new StreamWriter(new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)))
            {
                for (int i = f; i < items; i += files, count++)
                {
                    long created = 1704067200000 + (i * 500L);
                    gzip.Write($"{{\"Item\":{{\"id\":{{\"S\":\"item-{i}\"}},\"siteId\":{{\"S\":\"site-{i % 8}\"}},\"createdAtTime\":{{\"N\":\"{created}\"}},\"name\":{{\"S\":\"n{i}\"}}}}}}\n");
                }
            }

            byte[] bytes = compressed.ToArray();
            manifest.Append($"{{\"itemCount\":{count},\"md5Checksum\":\"{Convert.ToBase64String(MD5.HashData(bytes))}\",\"etag\":\"e\",\"dataFileS3Key\":\"AWSDynamoDB/{ExportId}/data/part-{f}.json.gz\"}}\n");
            yield return ($"data/part-{f}.json.gz", bytes);
        }

        yield return ("manifest-files.json", Encoding.UTF8.GetBytes(manifest.ToString()));
        yield return ("manifest-summary.json", Encoding.UTF8.GetBytes(
            $"{{\"version\":\"2020-06-30\",\"exportArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/orders/export/{ExportId}\",\"exportTime\":\"2024-02-01T12:00:00Z\",\"outputFormat\":\"DYNAMODB_JSON\",\"itemCount\":{items}}}"));
    }
}
