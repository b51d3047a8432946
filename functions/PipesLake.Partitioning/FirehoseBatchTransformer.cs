using System.Buffers;
using System.Buffers.Text;

namespace PipesLake.Partitioning;

/// <summary>
/// Transforms a whole Firehose request: decodes each record into a pooled buffer, runs the
/// <see cref="PartitioningFunction"/> (its table's rules, or the options given), and returns every record id exactly
/// once, in input order. Large
/// batches are cut into ordered chunks transformed on all cores. One call at a time per instance.
/// </summary>
public sealed class FirehoseBatchTransformer
{
    /// <summary>Lambda's limit for a synchronous response payload: 6 MB.</summary>
    public const long MaxResponseBytes = 6 * 1024 * 1024;

    // Below this many records per core, a thread costs more than it saves.
    private const int RecordsPerWorker = 2048;

    // Per record: {"recordId":"","result":"ProcessingFailed","data":"","metadata":{"partitionKeys":{...}}}
    // with six keys, four-digit and two-digit values and separators, rounded up.
    private const int RecordOverheadBytes = 200;

    private const string InvalidBase64Detail = "data is missing or not valid base64";

    private readonly PartitioningOptions _options;
    private readonly PartitioningFunction[] _workers;
    private readonly long _maxResponseBytes;

    /// <summary>Creates a batch transformer.</summary>
    /// <param name="options">Site and time attributes.</param>
    /// <param name="maxResponseBytes">The response budget; Lambda's limit unless a test needs a smaller one.</param>
    public FirehoseBatchTransformer(PartitioningOptions options, long maxResponseBytes = MaxResponseBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResponseBytes);
        _options = PartitioningOptions.Validate(options);
        _workers = new PartitioningFunction[Math.Max(1, Environment.ProcessorCount)];
        _workers[0] = new PartitioningFunction(options);
        _maxResponseBytes = maxResponseBytes;
    }

    /// <summary>The lake line of the last record <see cref="TransformLine(string?)"/> transformed. Valid until the next call.</summary>
    public ReadOnlySpan<byte> Line => _workers[0].Line;

    /// <summary>Transforms the batch. Bad records fail one by one; only an oversized response fails the batch.</summary>
    /// <exception cref="ResponseTooLargeException">The response would exceed the budget.</exception>
    public FirehoseBatchResult Transform(IReadOnlyList<FirehoseInputRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var outputs = new FirehoseOutputRecord[records.Count];
        int workers = Math.Clamp(records.Count / RecordsPerWorker, 1, _workers.Length);
        if (workers == 1)
        {
            TransformRange(_workers[0], records, outputs, 0, records.Count);
        }
        else
        {
            Parallel.For(0, workers, worker =>
            {
                PartitioningFunction transformer = _workers[worker] ??= new PartitioningFunction(_options);
                TransformRange(transformer, records, outputs, records.Count * worker / workers, records.Count * (worker + 1) / workers);
            });
        }

        var summary = new BatchSummary();
        long estimate = 16;
        foreach (FirehoseOutputRecord output in outputs)
        {
            summary.Count(output.Failure);
            estimate += EstimateBytes(output);
        }

        if (estimate > _maxResponseBytes)
        {
            throw new ResponseTooLargeException(records.Count, estimate, _maxResponseBytes);
        }

        return new FirehoseBatchResult(outputs, summary);
    }

    /// <summary>Transforms one record. Never throws for bad data.</summary>
    public FirehoseOutputRecord TransformOne(FirehoseInputRecord input) => Run(_workers[0], input);

    /// <summary>
    /// Transforms one record's base64 data and leaves the lake line in <see cref="Line"/> rather than
    /// encoding it: for in-process callers, such as the replay, that write the line themselves.
    /// </summary>
    public TransformOutcome TransformLine(string? data) => Decode(_workers[0], data);

    /// <summary>As <see cref="TransformLine(string?)"/>, for base64 that is already UTF-8 bytes.</summary>
    public TransformOutcome TransformLine(ReadOnlySpan<byte> base64Utf8)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent((base64Utf8.Length / 4 * 3) + 3);
        try
        {
            return !base64Utf8.IsEmpty && Base64.DecodeFromUtf8(base64Utf8, buffer, out _, out int length) == OperationStatus.Done
                ? _workers[0].Transform(buffer.AsSpan(0, length))
                : TransformOutcome.Failed(RecordFailure.InvalidBase64, InvalidBase64Detail);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void TransformRange(PartitioningFunction transformer, IReadOnlyList<FirehoseInputRecord> records, FirehoseOutputRecord[] outputs, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            outputs[i] = Run(transformer, records[i]);
        }
    }

    private static FirehoseOutputRecord Run(PartitioningFunction transformer, FirehoseInputRecord input)
    {
        TransformOutcome outcome = Decode(transformer, input.Data);
        return outcome.IsOk
            ? new FirehoseOutputRecord(input.RecordId, FirehoseRecordResult.Ok, Convert.ToBase64String(transformer.Line), outcome.Key, RecordFailure.None, string.Empty)
            : new FirehoseOutputRecord(input.RecordId, FirehoseRecordResult.ProcessingFailed, input.Data ?? string.Empty, default, outcome.Failure, outcome.Detail);
    }

    private static TransformOutcome Decode(PartitioningFunction transformer, string? data)
    {
        if (string.IsNullOrEmpty(data))
        {
            return TransformOutcome.Failed(RecordFailure.InvalidBase64, InvalidBase64Detail);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((data.Length / 4 * 3) + 3);
        try
        {
            return Convert.TryFromBase64String(data, buffer, out int length)
                ? transformer.Transform(buffer.AsSpan(0, length))
                : TransformOutcome.Failed(RecordFailure.InvalidBase64, InvalidBase64Detail);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long EstimateBytes(FirehoseOutputRecord output)
    {
        // A serializer may escape '+' in base64 as \u002B (six bytes for one) and any site character as \uXXXX.
        ReadOnlySpan<char> data = output.Data;
        int escapedPluses = data.Count('+');
        int siteLength = output.Key.SiteId?.Length ?? 0;
        return RecordOverheadBytes + (long)output.RecordId.Length + data.Length + (5L * escapedPluses) + (6L * siteLength);
    }
}
