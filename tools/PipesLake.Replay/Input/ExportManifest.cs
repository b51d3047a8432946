using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace PipesLake.Replay.Input;

/// <summary>
/// A DynamoDB point-in-time export in <c>DYNAMODB_JSON</c>, as <c>aws s3 sync</c> brings it down:
/// <c>manifest-summary.json</c> (export ARN, time and format), <c>manifest-files.json</c> (one line per data
/// file with its <c>itemCount</c> and <c>md5Checksum</c>) and <c>data/*.json.gz</c> (DynamoDB Developer Guide,
/// "DynamoDB table export output format").
/// </summary>
internal sealed record ExportManifest(string ExportId, DateTimeOffset ExportTime, IReadOnlyList<ExportDataFile> DataFiles)
{
    /// <summary>Reads an export folder and checks it whole before anything is written: every data file listed is there, with
    /// the manifest's MD5 and item count, and the counts add up to the summary's.</summary>
    /// <exception cref="ReplayException">A file is missing or differs from the manifest, the export is not DYNAMODB_JSON, or
    /// a manifest is unreadable: one line naming the file and what differs.</exception>
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

        long summaryItems = Number(root, "itemCount") ?? throw new ReplayException("manifest-summary.json has no itemCount.");
        var files = new List<ExportDataFile>();
        int number = 0;
        foreach (string line in File.ReadLines(filesPath))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            using JsonDocument entry = JsonDocument.Parse(line);
            string key = Text(entry.RootElement, "dataFileS3Key") ?? throw new ReplayException($"manifest-files.json line {number} has no dataFileS3Key.");
            string md5 = Text(entry.RootElement, "md5Checksum") ?? throw new ReplayException($"manifest-files.json line {number} has no md5Checksum.");
            long items = Number(entry.RootElement, "itemCount") ?? throw new ReplayException($"manifest-files.json line {number} has no itemCount.");
            // The key is the object's full S3 key; after a sync the file sits under the export's data/ folder.
            var file = new FileInfo(Path.Combine(folder.FullName, "data", key[(key.LastIndexOf('/') + 1)..]));
            files.Add(new ExportDataFile(file.Exists ? file : throw new ReplayException($"the export's data file '{file.Name}' is missing from {Path.Combine(folder.FullName, "data")}."), items, md5));
        }

        long listed = files.Sum(f => f.ItemCount);
        if (listed != summaryItems)
        {
            throw new ReplayException($"manifest-files.json lists {listed:N0} items in {files.Count} data file(s), manifest-summary.json says {summaryItems:N0}: the export is incomplete.");
        }

        foreach (ExportDataFile file in files)
        {
            Verify(file);
        }

        return new ExportManifest(exportArn[(exportArn.LastIndexOf('/') + 1)..], exportTime.ToUniversalTime(), files);
    }

    /// <summary>The file's MD5, then its items, against the manifest.</summary>
    private static void Verify(ExportDataFile file)
    {
        string md5;
        using (FileStream stream = file.File.OpenRead())
        {
            md5 = Convert.ToBase64String(MD5.HashData(stream));
        }

        if (md5 != file.Md5)
        {
            throw new ReplayException($"the export's data file '{file.File.Name}' has MD5 {md5}, manifest-files.json says {file.Md5}: the file is damaged or incomplete.");
        }

        long items = 0;
        try
        {
            using var reader = new StreamReader(new GZipStream(file.File.OpenRead(), CompressionMode.Decompress));
            while (reader.ReadLine() is { } line)
            {
                items += line.Length > 0 ? 1 : 0;
            }
        }
        catch (InvalidDataException e)
        {
            throw new ReplayException($"the export's data file '{file.File.Name}' is not readable GZIP ({e.Message}).", e);
        }

        if (items != file.ItemCount)
        {
            throw new ReplayException($"the export's data file '{file.File.Name}' holds {items:N0} items, manifest-files.json says {file.ItemCount:N0}.");
        }
    }

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) && number >= 0 ? number : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
