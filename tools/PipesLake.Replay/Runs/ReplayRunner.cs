using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

/// <summary>
/// The data path on one machine: the pipe's filter and input template, Firehose's Lambda buffering and
/// base64, the partitioning library itself, and the delivery stream's prefixes and objects — each
/// taken from the same definitions the stack deploys.
/// </summary>
internal sealed class ReplayRunner : IDisposable
{
    private readonly ReplayOptions _options;
    private readonly EventPattern[] _patterns;
    private readonly InputTemplate _template;
    private readonly string _errorPrefix;
    private readonly FirehoseBatchTransformer _function;
    private readonly LakeWriter _writer;
    private readonly DataPrefixes _prefixes;
    private readonly Random _random = new(1);
    private readonly string _lambdaArn;
    private readonly ReplaySummary _summary = new();
    private readonly ActivePartitions _active = new(FirehoseLimits.DefaultActivePartitions);

    private readonly LakeFolder? _ownFolder;

    /// <summary>A replay into the folder <see cref="ReplayOptions.LakeRoot"/>.</summary>
    public ReplayRunner(ReplayOptions options)
        : this(options, new LakeFolder(options.LakeRoot), ownsLake: true)
    {
    }

    /// <summary>A replay into <paramref name="lake"/>, which the caller keeps.</summary>
    public ReplayRunner(ReplayOptions options, IObjectStore lake)
        : this(options, lake, ownsLake: false)
    {
    }

    private ReplayRunner(ReplayOptions options, IObjectStore lake, bool ownsLake)
    {
        _ownFolder = ownsLake ? (LakeFolder)lake : null;
        _options = options;
        _prefixes = new DataPrefixes(options.Arrival);
        LakeSettings settings = options.Settings;
        var names = new LakeNames(settings.Stack);
        string arn(string service, string resource) => $"arn:aws:{service}:{settings.Region}:000000000000:{resource}";
        _lambdaArn = arn("lambda", $"function:{names.Function}:$LATEST");
        _patterns = [.. PipeDefinitions.FilterPatterns(settings).Select(EventPattern.Parse)];
        _template = InputTemplate.Parse(PipeDefinitions.InputTemplate, new PipeVariables(
            arn("pipes", $"pipe/{names.Pipe}"),
            names.Pipe,
            arn("dynamodb", $"table/{settings.TableName}/stream/replay"),
            arn("firehose", $"deliverystream/{names.DeliveryStream}"),
            options.Arrival));
        // The arrival time is fixed for a run, so the error prefix is too.
        _errorPrefix = PrefixExpression.Parse(LakePrefixes.Error).Evaluate(null, options.Arrival, FirehoseErrorRecord.ProcessingFailedType, _random);
        _function = new FirehoseBatchTransformer(settings.FunctionOptions);
        _writer = new LakeWriter(new LakeWriterOptions(names.DeliveryStream, settings.BufferSizeMiB * 1024L * 1024L, options.Gzip, options.Arrival), lake);
    }

    /// <summary>
    /// Replays every record of the input; <paramref name="progress"/> receives input bytes read. Reading,
    /// filtering and rendering run on this thread; the function and delivery on another, batch by batch
    /// in input order, so the same input always gives the same lake.
    /// </summary>
    public ReplaySummary Run(Stream input, Action<long>? progress = null)
    {
        using var batches = new BlockingCollection<RenderedBatch>(boundedCapacity: 4);
        ExceptionDispatchInfo? failure = null;
        var consumer = new Thread(() =>
        {
            try
            {
                foreach (RenderedBatch batch in batches.GetConsumingEnumerable())
                {
                    Invoke(batch);
                }
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
                foreach (var _ in batches.GetConsumingEnumerable())
                {
                    // Drain so the reader is never blocked on a dead consumer.
                }
            }
        })
        { IsBackground = true, Name = "replay-function" };
        consumer.Start();
        try
        {
            Produce(input, batches, progress);
        }
        finally
        {
            batches.CompleteAdding();
            consumer.Join();
        }

        failure?.Throw();
        _writer.Complete();
        _summary.Partitions = _prefixes.Count;
        _active.Complete();
        _summary.MaxActivePartitions = _active.Max;
        _summary.WindowsOverActivePartitionQuota = _active.WindowsOverQuota;
        _summary.Objects = _writer.Objects;
        _summary.AlreadyThere = _writer.Store.AlreadyThere;
        _summary.Repaired = _writer.Store.Repaired;
        _summary.Bytes = _writer.BytesWritten;
        return _summary;
    }

    /// <summary>What is done so far, for progress lines (records are counted as they are read).</summary>
    public string Counts() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_summary.Read:N0} records");

    public void Dispose()
    {
        _writer.Dispose();
        _ownFolder?.Dispose();
    }

    private void Produce(Stream input, BlockingCollection<RenderedBatch> batches, Action<long>? progress)
    {
        var source = new StreamRecordSource(input);
        var batch = new RenderedBatch();
        foreach (SourceRecord record in source.Read())
        {
            if (++_summary.Read % 16_384 == 0)
            {
                progress?.Invoke(source.BytesRead);
            }

            int start = batch.Bytes.WrittenCount;
            if (!TryRender(record, batch.Bytes, out long window))
            {
                continue;
            }

            if (batch.Bytes.WrittenCount - start > FirehoseLimits.MaxRecordBytes)
            {
                // Firehose refuses the record; the pipe retries the batch and then sends it to the DLQ.
                batch.Discard(start);
                _summary.TooLargeForFirehose++;
                continue;
            }

            batch.EndRecord(window);
            if (batch.Count >= _options.BatchRecords || batch.Bytes.WrittenCount >= _options.BatchBytes)
            {
                batches.Add(batch);
                batch = new RenderedBatch();
            }
        }

        if (batch.Count > 0)
        {
            batches.Add(batch);
        }

        progress?.Invoke(source.BytesRead);
    }

    /// <summary>Parses, filters and renders one record onto <paramref name="rendered"/>; false when it is malformed or filtered out.</summary>
    private bool TryRender(SourceRecord record, ArrayBufferWriter<byte> rendered, out long window)
    {
        window = -1;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(record.Json);
        }
        catch (JsonException)
        {
            _summary.MalformedLines.Add(record.Line);
            return false;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                _summary.MalformedLines.Add(record.Line);
                return false;
            }

            if (!_patterns.Any(p => p.Matches(root)))
            {
                _summary.FilteredOut++;
                return false;
            }

            _template.Render(root, rendered);
            if (root.TryGetProperty("dynamodb", out JsonElement dynamodb) && dynamodb.ValueKind == JsonValueKind.Object
                && dynamodb.TryGetProperty("ApproximateCreationDateTime", out JsonElement created) && created.TryGetDouble(out double seconds) && seconds >= 0)
            {
                window = (long)seconds / _options.Settings.BufferIntervalSeconds;
            }

            return true;
        }
    }

    /// <summary>
    /// One function invocation of rendered records. Lines go to the lake as the function wrote them: the
    /// base64 round trip of the response is the Lambda's (and <c>transform</c>'s), not the lake's.
    /// </summary>
    private void Invoke(RenderedBatch batch)
    {
        _summary.Invocations++;
        byte[] base64 = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            for (int i = 0; i < batch.Count; i++)
            {
                // Firehose hands the function base64.
                ReadOnlySpan<byte> rendered = batch[i];
                int size = Base64.GetMaxEncodedToUtf8Length(rendered.Length);
                if (base64.Length < size)
                {
                    ArrayPool<byte>.Shared.Return(base64);
                    base64 = ArrayPool<byte>.Shared.Rent(size);
                }

                Base64.EncodeToUtf8(rendered, base64, out _, out int length);
                TransformOutcome outcome = _function.TransformLine(base64.AsSpan(0, length));
                if (outcome.IsOk)
                {
                    string prefix = _prefixes.For(outcome.Key);
                    _writer.Append(prefix, _function.Line);
                    _summary.Delivered++;
                    if (batch.Window(i) >= 0)
                    {
                        _active.Add(batch.Window(i), prefix);
                    }
                }
                else
                {
                    _summary.FailedByReason[outcome.Failure] = _summary.FailedByReason.GetValueOrDefault(outcome.Failure) + 1;
                    string rawData = Encoding.ASCII.GetString(base64, 0, length);
                    _writer.AppendError(_errorPrefix, outcome, rawData, _lambdaArn);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(base64);
        }
    }
}
