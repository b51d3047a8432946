using Amazon.Lambda.KinesisFirehoseEvents;
using PipesLake.Partitioning;

namespace PipesLake.Partitioner;

/// <summary>Between Amazon.Lambda's Firehose types and the partitioning library's.</summary>
internal static class FirehoseMapping
{
    public static FirehoseInputRecord[] ToInputs(KinesisFirehoseEvent request)
    {
        IList<KinesisFirehoseEvent.FirehoseRecord> records = request.Records ?? [];
        var inputs = new FirehoseInputRecord[records.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = new FirehoseInputRecord(records[i].RecordId ?? string.Empty, records[i].Base64EncodedData);
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
