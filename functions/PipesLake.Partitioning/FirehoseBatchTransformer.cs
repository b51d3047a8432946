using System.Buffers;

namespace PipesLake.Partitioning;

/// <summary>
/// Transforms a whole Firehose request: decodes each record into a pooled buffer, runs the
/// <see cref="RecordTransformer"/>, and returns every record id exactly once, in input order.
/// </summary>
public sealed class FirehoseBatchTransformer
{
    /// <summary>Lambda's limit for a synchronous response payload: 6 MB.</summary>
    public const long MaxResponseBytes = 6 * 1024 * 1024;

    // Per record: {"recordId":"","result":"ProcessingFailed","data":"","metadata":{"partitionKeys":{...}}}
    // with six keys, four-digit and two-digit values and separators, rounded up.
    private const int RecordOverheadBytes = 200;

    private readonly RecordTransformer _transformer;
    private readonly long _maxResponseBytes;

    /// <summary>Creates a batch transformer.</summary>
    /// <param name="options">Site and time attributes.</param>
    /// <param name="maxResponseBytes">The response budget; Lambda's limit unless a test needs a smaller one.</param>
    public FirehoseBatchTransformer(PartitioningOptions options, long maxResponseBytes = MaxResponseBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResponseBytes);
        _transformer = new RecordTransformer(options);
        _maxResponseBytes = maxResponseBytes;
    }

    /// <summary>Transforms the batch. Bad records fail one by one; only an oversized response fails the batch.</summary>
    /// <exception cref="ResponseTooLargeException">The response would exceed the budget.</exception>
    public FirehoseBatchResult Transform(IReadOnlyList<FirehoseInputRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var outputs = new FirehoseOutputRecord[records.Count];
        var summary = new BatchSummary();
        long estimate = 16;
        for (int i = 0; i < records.Count; i++)
        {
            FirehoseOutputRecord output = TransformOne(records[i]);
            summary.Count(output.Failure);
            outputs[i] = output;
            estimate += EstimateBytes(output);
        }

        if (estimate > _maxResponseBytes)
        {
            throw new ResponseTooLargeException(records.Count, estimate, _maxResponseBytes);
        }

        return new FirehoseBatchResult(outputs, summary);
    }

    /// <summary>Transforms one record. Never throws for bad data.</summary>
    public FirehoseOutputRecord TransformOne(FirehoseInputRecord input)
    {
        string data = input.Data ?? string.Empty;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(16, (data.Length / 4 * 3) + 3));
        try
        {
            if (data.Length == 0 || !Convert.TryFromBase64String(data, buffer, out int length))
            {
                return Failed(input, data, RecordFailure.InvalidBase64, "data is missing or not valid base64");
            }

            TransformOutcome outcome = _transformer.Transform(buffer.AsSpan(0, length));
            if (!outcome.IsOk)
            {
                return Failed(input, data, outcome.Failure, outcome.Detail);
            }

            return new FirehoseOutputRecord(
                input.RecordId, FirehoseRecordResult.Ok, Convert.ToBase64String(_transformer.Line), outcome.Key, RecordFailure.None, string.Empty);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static FirehoseOutputRecord Failed(FirehoseInputRecord input, string data, RecordFailure failure, string detail) =>
        new(input.RecordId, FirehoseRecordResult.ProcessingFailed, data, default, failure, detail);

    private static long EstimateBytes(FirehoseOutputRecord output)
    {
        // A serializer may escape '+' in base64 as \u002B (six bytes for one) and any site character as \uXXXX.
        ReadOnlySpan<char> data = output.Data;
        int escapedPluses = data.Count('+');
        int siteLength = output.Key.SiteId?.Length ?? 0;
        return RecordOverheadBytes + (long)output.RecordId.Length + data.Length + (5L * escapedPluses) + (6L * siteLength);
    }
}
