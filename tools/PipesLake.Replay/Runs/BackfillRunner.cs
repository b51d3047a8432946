using System.Buffers;
using System.Buffers.Text;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

/// <summary>
/// Items of a DynamoDB export into the lake, through the function's own code: each item becomes the record
/// the pipe would send for an INSERT made at the export time, with sequence number <c>0</c> (which sorts
/// before every stream sequence number, so a live change of the same item always wins in
/// <c>changes_current</c>) and event id <c>export-&lt;export id&gt;</c>. Items that fail go to the errors prefix as
/// Firehose writes them. Files are streamed, line by line.
/// </summary>
internal sealed class BackfillRunner : IDisposable
{
    /// <summary>The snapshot's sequence number: shorter than any stream sequence number, so it sorts first.</summary>
    public const string SnapshotSequence = "0";

    private readonly ExportManifest _export;
    private readonly FirehoseBatchTransformer _function;
    private readonly string _errorPrefix;
    private readonly LakeWriter _writer;
    private readonly string _lambdaArn;
    private readonly Random _random = new(1);
    private readonly DataPrefixes _prefixes;
    private readonly BackfillSummary _summary = new();
    private readonly LakeFolder? _ownFolder;

    /// <summary>A backfill into the folder <paramref name="lakeRoot"/>.</summary>
    public BackfillRunner(ExportManifest export, LakeSettings settings, string lakeRoot, bool gzip)
        : this(export, settings, new LakeFolder(lakeRoot), gzip, ownsLake: true)
    {
    }

    /// <summary>A backfill into <paramref name="lake"/>, which the caller keeps.</summary>
    public BackfillRunner(ExportManifest export, LakeSettings settings, IObjectStore lake, bool gzip)
        : this(export, settings, lake, gzip, ownsLake: false)
    {
    }

    private BackfillRunner(ExportManifest export, LakeSettings settings, IObjectStore lake, bool gzip, bool ownsLake)
    {
        _ownFolder = ownsLake ? (LakeFolder)lake : null;
        _export = export;
        _prefixes = new DataPrefixes(export.ExportTime);
        var names = new LakeNames(settings.Stack);
        _function = new FirehoseBatchTransformer(settings.FunctionOptions);
        _lambdaArn = $"arn:aws:lambda:{settings.Region}:000000000000:function:{names.Function}:$LATEST";
        _errorPrefix = PrefixExpression.Parse(LakePrefixes.Error).Evaluate(null, export.ExportTime, FirehoseErrorRecord.ProcessingFailedType, _random);
        _writer = new LakeWriter(new LakeWriterOptions(names.DeliveryStream, settings.BufferSizeMiB * 1024L * 1024L, gzip, export.ExportTime), lake);
    }

    /// <summary>What is done so far, for progress lines.</summary>
    public string Counts() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_summary.Items:N0} items");

    public BackfillSummary Run(Action<long>? progress = null)
    {
        long read = 0;
        var record = new ArrayBufferWriter<byte>(4096);
        foreach (ExportDataFile file in _export.DataFiles)
        {
            using (var reader = new StreamReader(new GZipStream(ExportManifest.Open(_export.Source, file), CompressionMode.Decompress), Encoding.UTF8))
            {
                int number = 0;
                while (reader.ReadLine() is { } line)
                {
                    number++;
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    _summary.Items++;
                    record.ResetWrittenCount();
                    if (!TryRender(line, record))
                    {
                        _summary.MalformedLines.Add($"{file.Name}:{number}");
                        continue;
                    }

                    Transform(record.WrittenSpan);
                }
            }

            read += file.Length;
            progress?.Invoke(read);
        }

        _writer.Complete();
        _summary.Partitions = _prefixes.Count;
        _summary.Objects = _writer.Objects;
        _summary.AlreadyThere = _writer.Store.AlreadyThere;
        _summary.Repaired = _writer.Store.Repaired;
        _summary.Bytes = _writer.BytesWritten;
        return _summary;
    }

    public void Dispose()
    {
        _writer.Dispose();
        _ownFolder?.Dispose();
    }

    /// <summary>The pipe's record for an item of the export: an INSERT at the export time.</summary>
    private bool TryRender(string line, ArrayBufferWriter<byte> output)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("Item", out JsonElement item) || item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty(QueryTables.TableKey, out JsonElement key))
            {
                return false;
            }

            using var writer = new Utf8JsonWriter(output);
            writer.WriteStartObject();
            writer.WriteString(LakeContract.EventId, $"export-{_export.ExportId}");
            writer.WriteString(LakeContract.EventName, "INSERT");
            writer.WriteStartObject(LakeContract.Dynamodb);
            writer.WriteNumber(LakeContract.ApproximateCreationDateTime, _export.ExportTime.ToUnixTimeSeconds());
            writer.WriteStartObject("Keys");
            writer.WritePropertyName(QueryTables.TableKey);
            key.WriteTo(writer);
            writer.WriteEndObject();
            writer.WritePropertyName(LakeContract.NewImage);
            item.WriteTo(writer);
            writer.WriteString(LakeContract.SequenceNumber, SnapshotSequence);
            writer.WriteString("StreamViewType", "NEW_AND_OLD_IMAGES");
            writer.WriteEndObject();
            writer.WriteEndObject();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>As the replay does: Firehose's base64 in UTF-8, a string only for a record that fails.</summary>
    private void Transform(ReadOnlySpan<byte> record)
    {
        byte[] base64 = ArrayPool<byte>.Shared.Rent(Base64.GetMaxEncodedToUtf8Length(record.Length));
        try
        {
            Base64.EncodeToUtf8(record, base64, out _, out int length);
            TransformOutcome outcome = _function.TransformLine(base64.AsSpan(0, length));
            if (outcome.IsOk)
            {
                _writer.Append(_prefixes.For(outcome.Key), _function.Line);
                _summary.Delivered++;
                return;
            }

            _summary.FailedByReason[outcome.Failure] = _summary.FailedByReason.GetValueOrDefault(outcome.Failure) + 1;
            _writer.AppendError(_errorPrefix, outcome, Encoding.ASCII.GetString(base64, 0, length), _lambdaArn);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(base64);
        }
    }
}
