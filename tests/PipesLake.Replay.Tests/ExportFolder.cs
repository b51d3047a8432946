using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace PipesLake.Replay.Tests;

/// <summary>A DYNAMODB_JSON export of one data file, laid out as `aws s3 sync` brings it down, from its lines.</summary>
internal static class ExportFolder
{
    /// <summary>Writes <c>manifest-summary.json</c>, <c>manifest-files.json</c> and <c>data/part-0.json.gz</c>.</summary>
    /// <param name="folder">The export's folder.</param>
    /// <param name="exportArn">The summary's exportArn (its last part is the export id).</param>
    /// <param name="timeField">The summary's time member as it stands between the quotes, e.g. <c>exportTime":"2024-02-01T12:00:00Z</c>.</param>
    /// <param name="lines">The data file's lines.</param>
    public static void Write(string folder, string exportArn, string timeField, params string[] lines)
    {
        string data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        string file = Path.Combine(data, "part-0.json.gz");
        using (var gzip = new GZipStream(File.Create(file), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        }

        File.WriteAllText(Path.Combine(folder, "manifest-summary.json"), $"{{\"version\":\"2020-06-30\",\"exportArn\":\"{exportArn}\",\"{timeField}\",\"outputFormat\":\"DYNAMODB_JSON\",\"itemCount\":{lines.Length}}}");
        File.WriteAllText(Path.Combine(folder, "manifest-files.json"), ManifestLine(exportArn, lines.Length, Md5(file)));
    }

    /// <summary>The manifest-files.json line of <c>part-0.json.gz</c>.</summary>
    public static string ManifestLine(string exportArn, long items, string md5) =>
        $"{{\"itemCount\":{items},\"md5Checksum\":\"{md5}\",\"etag\":\"y\",\"dataFileS3Key\":\"exports/AWSDynamoDB/{exportArn[(exportArn.LastIndexOf('/') + 1)..]}/data/part-0.json.gz\"}}\n";

    /// <summary>A file's MD5, base64, as the manifest gives it.</summary>
    public static string Md5(string file) => Convert.ToBase64String(MD5.HashData(File.ReadAllBytes(file)));
}
