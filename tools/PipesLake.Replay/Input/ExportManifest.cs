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
/// <param name="Source">Where it is read from.</param>
/// <param name="ExportId">The export's id, the last part of its ARN.</param>
/// <param name="ExportTime">The point in time it shows.</param>
/// <param name="DataFiles">Its data files, as manifest-files.json lists them.</param>
/// <param name="Content">A hash of both manifests, hex: what identifies the export (they list every data file's MD5), wherever it is read from.</param>
/// <param name="TableName">The exported table's name, from the summary's <c>tableArn</c> (else from its <c>exportArn</c>).</param>
internal sealed record ExportManifest(IExportSource Source, string ExportId, DateTimeOffset ExportTime, IReadOnlyList<ExportDataFile> DataFiles, string Content, string TableName)
{
    /// <summary>Reads an export folder and checks it whole before anything is written: every data file listed is there, with
    /// the manifest's MD5 and item count, and the counts add up to the summary's.</summary>
    /// <exception cref="ReplayException">A file is missing or differs from the manifest, the export is not DYNAMODB_JSON, or
    /// a manifest is unreadable: one line naming the file and what differs.</exception>
    public static ExportManifest Read(IExportSource source)
    {
        byte[] summaryBytes = source.ReadManifest("manifest-summary.json") ?? throw new ReplayException($"cannot read the export '{source.Name}': no manifest-summary.json.");
        using JsonDocument summary = JsonDocument.Parse(summaryBytes);
        JsonElement root = summary.RootElement;
        string format = Text(root, "outputFormat") ?? "DYNAMODB_JSON";
        if (format != "DYNAMODB_JSON")
        {
            throw new ReplayException($"the export is {format}; backfill reads DYNAMODB_JSON exports.");
        }

        string exportArn = Text(root, "exportArn") ?? throw new ReplayException("manifest-summary.json has no exportArn.");
        string table = Runs.StackTables.NameInArn(Text(root, "tableArn")) ?? Runs.StackTables.NameInArn(exportArn)
            ?? throw new ReplayException("manifest-summary.json names no table: neither its tableArn nor its exportArn is a DynamoDB table's ARN.");
        if (!DateTimeOffset.TryParse(Text(root, "exportTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset exportTime))
        {
            throw new ReplayException("manifest-summary.json has no exportTime.");
        }

        byte[] filesBytes = source.ReadManifest("manifest-files.json") ?? throw new ReplayException($"cannot read the export '{source.Name}': no manifest-files.json.");

        long summaryItems = Number(root, "itemCount") ?? throw new ReplayException("manifest-summary.json has no itemCount.");
        var files = new List<ExportDataFile>();
        int number = 0;
        foreach (string line in System.Text.Encoding.UTF8.GetString(filesBytes).Split('\n'))
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
            files.Add(new ExportDataFile(key, items, md5));
        }

        long listed = files.Sum(f => f.ItemCount);
        if (listed != summaryItems)
        {
            throw new ReplayException($"manifest-files.json lists {listed:N0} items in {files.Count} data file(s), manifest-summary.json says {summaryItems:N0}: the export is incomplete.");
        }

        using var content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (byte[] manifest in new[] { summaryBytes, filesBytes })
        {
            // Each manifest's length first: the two are one identity, whatever their split.
            content.AppendData(BitConverter.GetBytes((long)manifest.Length));
            content.AppendData(manifest);
        }

        return new ExportManifest(source, exportArn[(exportArn.LastIndexOf('/') + 1)..], exportTime.ToUniversalTime(), files, RunJournal.Content(content.GetHashAndReset()), table);
    }

    /// <summary>Items the manifests list: what a backfill reads.</summary>
    public long ItemCount => DataFiles.Sum(f => f.ItemCount);

    /// <summary>
    /// Reads one data file's lines, numbered from 1, and checks the file as it goes, in one read: its MD5, then that
    /// it is whole GZIP, then its item count, against the manifest. A backfill writes nothing before every file has
    /// passed, so a damaged file stops it with nothing written.
    /// </summary>
    /// <returns>The file's size in bytes.</returns>
    /// <exception cref="ReplayException">The file is missing, damaged, incomplete or holds another count: one line.</exception>
    public long Read(ExportDataFile file, ExportLine line)
    {
        using var hashing = new HashingStream(Open(Source, file), HashAlgorithmName.MD5);
        long items = 0;
        InvalidDataException? unreadable = null;
        try
        {
            using var gzip = new GZipStream(hashing, CompressionMode.Decompress, leaveOpen: true);
            var lines = new ByteLines(gzip);
            while (lines.TryRead(out ReadOnlySpan<byte> text))
            {
                if (!text.IsEmpty)
                {
                    items++;
                    line(text, lines.Number);
                }
            }
        }
        catch (InvalidDataException e)
        {
            unreadable = e;
        }

        string md5 = Convert.ToBase64String(hashing.Finish());
        if (md5 != file.Md5)
        {
            throw new ReplayException($"the export's data file '{file.Name}' has MD5 {md5}, manifest-files.json says {file.Md5}: the file is damaged or incomplete.");
        }

        if (unreadable is not null)
        {
            throw new ReplayException($"the export's data file '{file.Name}' is not readable GZIP ({unreadable.Message}).", unreadable);
        }

        if (items != file.ItemCount)
        {
            throw new ReplayException($"the export's data file '{file.Name}' holds {items:N0} items, manifest-files.json says {file.ItemCount:N0}.");
        }

        return hashing.BytesRead;
    }

    /// <summary>A data file's bytes, or one line saying it is missing.</summary>
    public static Stream Open(IExportSource source, ExportDataFile file) =>
        source.OpenData(file.Key) ?? throw new ReplayException($"the export's data file '{file.Name}' is missing from {source.DataPlace}.");

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) && number >= 0 ? number : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
