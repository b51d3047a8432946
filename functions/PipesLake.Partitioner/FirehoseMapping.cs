using Amazon.Lambda.KinesisFirehoseEvents;
using PipesLake.Partitioning;

namespace PipesLake.Partitioner;

/// <summary>Between the handler's request and response types and the partitioning library's.</summary>
internal static class FirehoseMapping
{
    /// <summary>The request's records, refused by the same rules as <see cref="FirehoseEventJson.ReadRecords"/>.</summary>
    /// <exception cref="System.Text.Json.JsonException">A <see cref="FirehoseRequestRules"/> rule is broken.</exception>
    public static FirehoseInputRecord[] ToInputs(FirehoseRequest request)
    {
        IReadOnlyList<FirehoseRequestRecord?> records = request.Records ?? throw FirehoseRequestRules.NoRecords();
        var inputs = new FirehoseInputRecord[records.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            FirehoseRequestRecord record = records[i] ?? throw FirehoseRequestRules.RecordNotAnObject(i);
            inputs[i] = new FirehoseInputRecord(record.RecordId ?? throw FirehoseRequestRules.NoRecordId(i), record.Data);
        }

        return inputs;
    }

    public static KinesisFirehoseResponse ToResponse(FirehoseBatchResult result)
    {
        var records = new List<KinesisFirehoseResponse.FirehoseRecord>(result.Records.Count);
        foreach (FirehoseOutputRecord output in result.Records)
        {
            var record = new KinesisFirehoseResponse.FirehoseRecord
            {
                RecordId = output.RecordId,
                Result = output.Result == FirehoseRecordResult.Ok
                    ? KinesisFirehoseResponse.TRANSFORMED_STATE_OK
                    : KinesisFirehoseResponse.TRANSFORMED_STATE_PROCESSINGFAILED,
                Base64EncodedData = output.Data,
            };
            if (output.Result == FirehoseRecordResult.Ok)
            {
                record.Metadata = new KinesisFirehoseResponse.FirehoseResponseRecordMetadata
                {
                    PartitionKeys = output.Key.ToDictionary(),
                };
            }

            records.Add(record);
        }

        return new KinesisFirehoseResponse { Records = records };
    }
}
