using System.Text.Json;
using Amazon.Runtime;

namespace PipesLake.Replay.DeadLetters;

/// <summary>
/// Reads a batch's records back from its shard (DynamoDB Streams API Reference: GetShardIterator with
/// <c>AT_SEQUENCE_NUMBER</c> at the batch's first record, then GetRecords until its last). A shard trimmed past the
/// first record (TrimmedDataAccessException: older than the stream's 24-hour retention) is read from its oldest record
/// instead, for what is left of the batch; a stream or shard that is gone (ResourceNotFoundException) leaves nothing.
/// Records a batch shares with one read before it (batches of a shard read in order) are written once.
/// </summary>
internal sealed class ShardReader(StreamsClient streams)
{
    /// <summary>
    /// Empty answers in a row before the reader stops: GetRecords may answer empty while the iterator moves through a part
    /// of the shard that has no records (API Reference, GetRecords), but the batch's records were in the shard.
    /// </summary>
    public const int MaxEmptyAnswers = 100;

    // An iterator expires 15 minutes after it was made (API Reference, GetShardIterator); a new one starts after the last record read.
    private const int MaxRenewals = 10;

    /// <summary>Reads <paramref name="position"/>; <paramref name="write"/> gets each record not at or before <paramref name="writtenThrough"/>, which then moves on.</summary>
    public BatchRead Read(BatchPosition position, ref string? writtenThrough, Action<JsonElement> write)
    {
        ArgumentNullException.ThrowIfNull(position);
        ArgumentNullException.ThrowIfNull(write);
        string? gone = null;
        string? iterator;
        try
        {
            iterator = Iterator(position, AtSequenceNumber, position.First);
        }
        catch (AmazonServiceException e) when (e.ErrorCode == TrimmedCode)
        {
            gone = Trimmed;
            iterator = Oldest(position, ref gone);
        }
        catch (AmazonServiceException e) when (e.ErrorCode == NotFoundCode)
        {
            return new BatchRead(position, 0, 0, false, false, NotFound);
        }

        int read = 0, written = 0, empty = 0, renewals = 0;
        bool foundFirst = false, foundLast = false, past = false;
        string? lastRead = null;
        while (iterator is not null && !foundLast && !past)
        {
            JsonDocument answer;
            try
            {
                answer = streams.Records(iterator);
            }
            catch (AmazonServiceException e) when (e.ErrorCode == ExpiredCode && renewals++ < MaxRenewals)
            {
                iterator = lastRead is null
                    ? Iterator(position, AtSequenceNumber, position.First)
                    : Iterator(position, "AFTER_SEQUENCE_NUMBER", lastRead);
                continue;
            }
            catch (AmazonServiceException e) when (e.ErrorCode == TrimmedCode)
            {
                gone = Trimmed;
                break;
            }

            using (answer)
            {
                JsonElement records = answer.RootElement.TryGetProperty("Records", out JsonElement found) && found.ValueKind == JsonValueKind.Array ? found : default;
                int count = records.ValueKind == JsonValueKind.Array ? records.GetArrayLength() : 0;
                empty = count == 0 ? empty + 1 : 0;
                if (empty >= MaxEmptyAnswers)
                {
                    gone = $"the shard gave no record in {MaxEmptyAnswers} answers in a row before the record {position.Last}";
                    break;
                }

                for (int i = 0; i < count && !past; i++)
                {
                    JsonElement record = records[i];
                    string sequence = StreamRecordLine.Sequence(record) ?? throw new InvalidDataException($"a record of shard {position.ShardId} has no dynamodb.SequenceNumber.");
                    int fromFirst = StreamSequence.Compare(sequence, position.First);
                    if (fromFirst < 0)
                    {
                        continue;
                    }

                    int toLast = StreamSequence.Compare(sequence, position.Last);
                    if (toLast > 0)
                    {
                        past = true;
                        break;
                    }

                    read++;
                    lastRead = sequence;
                    foundFirst |= fromFirst == 0;
                    foundLast = toLast == 0;
                    if (writtenThrough is null || StreamSequence.Compare(sequence, writtenThrough) > 0)
                    {
                        write(record);
                        written++;
                        writtenThrough = sequence;
                    }

                    if (foundLast)
                    {
                        break;
                    }
                }

                iterator = answer.RootElement.TryGetProperty("NextShardIterator", out JsonElement next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            }
        }

        if (!foundLast && gone is null && iterator is null)
        {
            gone = $"the shard is closed and ended before the record {position.Last}";
        }

        return new BatchRead(position, read, written, foundFirst, foundLast, foundFirst && foundLast ? null : gone);
    }

    private const string AtSequenceNumber = "AT_SEQUENCE_NUMBER";
    private const string TrimmedCode = "TrimmedDataAccessException";
    private const string NotFoundCode = "ResourceNotFoundException";
    private const string ExpiredCode = "ExpiredIteratorException";
    private const string Trimmed = "the stream no longer holds it (trimmed: past its 24-hour retention)";

    private const string NotFound = "the stream or its shard is gone (ResourceNotFoundException)";

    private string? Oldest(BatchPosition position, ref string? gone)
    {
        try
        {
            return Iterator(position, "TRIM_HORIZON", null);
        }
        catch (AmazonServiceException e) when (e.ErrorCode == NotFoundCode)
        {
            gone = NotFound;
            return null;
        }
    }

    private string? Iterator(BatchPosition position, string type, string? sequence) => streams.ShardIterator(position.StreamArn, position.ShardId, type, sequence);
}
