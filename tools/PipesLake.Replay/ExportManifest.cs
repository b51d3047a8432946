using System.Globalization;
using System.Text.Json;

namespace PipesLake.Replay;

/// <summary>
/// A DynamoDB point-in-time export in <c>DYNAMODB_JSON</c>, as <c>aws s3 sync</c> brings it down:
/// <c>manifest-summary.json</c> (export ARN, time and format), <c>manifest-files.json</c> (one line per data
/// file) and <c>data/*.json.gz</c> (DynamoDB Developer Guide, "DynamoDB table export output format").
/// </summary>
internal sealed record ExportManifest(string ExportId, DateTimeOffset ExportTime, IReadOnlyList<FileInfo> DataFiles)
{
    /// <summary>Reads and checks an export folder.</summary>
    /// <exception cref="ReplayException">A file is missing, the export is not DYNAMODB_JSON, or a manifest is unreadable: one line.</exception>
    public static ExportManifest Read(DirectoryInfo folder)
    {
        string summaryPath = Path.Combine(folder.FullName, "manifest-summary.json");
        if (!File.Exists(summaryPath))
        {
            throw new ReplayException($"cannot read the export '{folder.FullName}': no manifest-summary.json.");
        }

        using JsonDocument summary = JsonDocument.Parse(File.ReadAllBytes(summaryPath));
        JsonElement root = summary.RootElement;
        string format = Text(root, "outputFormat") ?? "DYNAMODB_JSON";
        if (format != "DYNAMODB_JSON")
        {
            throw new ReplayException($"the export is {format}; backfill reads DYNAMODB_JSON exports.");
        }

        string exportArn = Text(root, "exportArn") ?? throw new ReplayException("manifest-summary.json has no exportArn.");
        if (!DateTimeOffset.TryParse(Text(root, "exportTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset exportTime))
        {
            throw new ReplayException("manifest-summary.json has no exportTime.");
        }

        string filesPath = Path.Combine(folder.FullName, "manifest-files.json");
        if (!File.Exists(filesPath))
        {
            throw new ReplayException($"cannot read the export '{folder.FullName}': no manifest-files.json.");
        }

        var files = new List<FileInfo>();
        foreach (string line in File.ReadLines(filesPath).Where(l => l.Length > 0))
        {
            using JsonDocument entry = JsonDocument.Parse(line);
            string key = Text(entry.RootElement, "dataFileS3Key") ?? throw new ReplayException("manifest-files.json has a line without dataFileS3Key.");
            // The key is the object's full S3 key; after a sync the file sits under the export's data/ folder.
            var file = new FileInfo(Path.Combine(folder.FullName, "data", key[(key.LastIndexOf('/') + 1)..]));
            files.Add(file.Exists ? file : throw new ReplayException($"the export's data file '{file.Name}' is missing from {Path.Combine(folder.FullName, "data")}."));
        }

        return new ExportManifest(exportArn[(exportArn.LastIndexOf('/') + 1)..], exportTime.ToUniversalTime(), files);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
