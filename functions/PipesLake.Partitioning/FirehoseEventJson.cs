using System.Text.Encodings.Web;
using System.Text.Json;

namespace PipesLake.Partitioning;

/// <summary>
/// Reads a Firehose transformation request and writes the response in the same JSON the Lambda
/// returns (field order, names and escaping as Amazon.Lambda's serializer writes them), for tools
/// that run the function without the Lambda packages.
/// </summary>
public static class FirehoseEventJson
{
    private const int FlushThresholdBytes = 64 * 1024;

    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The records of a request, in order.</summary>
    /// <exception cref="JsonException">The request is not JSON or has no <c>records</c> array.</exception>
    public static List<FirehoseInputRecord> ReadRecords(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var records = new List<FirehoseInputRecord>();
        bool sawRecords = false;
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "a Firehose request is a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("records"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            sawRecords = true;
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartArray, "records is an array");
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                records.Add(ReadRecord(ref reader, records.Count));
            }
        }

        Expect(sawRecords, "a Firehose request has a records array");
        return records;
    }

    /// <summary>Writes the response for a transformed batch.</summary>
    public static void WriteResponse(Stream output, FirehoseBatchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var writer = new Utf8JsonWriter(output, s_writerOptions);
        writer.WriteStartObject();
        writer.WriteStartArray("records"u8);
        foreach (FirehoseOutputRecord record in result.Records)
        {
            writer.WriteStartObject();
            writer.WriteString("recordId"u8, record.RecordId);
            writer.WriteString("result"u8, record.Result == FirehoseRecordResult.Ok ? "Ok"u8 : "ProcessingFailed"u8);
            writer.WriteString("data"u8, record.Data);
            if (record.Result == FirehoseRecordResult.Ok)
            {
                writer.WriteStartObject("metadata"u8);
                writer.WriteStartObject("partitionKeys"u8);
                foreach (string name in PartitionKeyNames.All)
                {
                    writer.WriteString(name, record.Key[name]);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            if (writer.BytesPending > FlushThresholdBytes)
            {
                // Without this the writer buffers the whole response, doubling its buffer as it grows.
                writer.Flush();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static FirehoseInputRecord ReadRecord(ref Utf8JsonReader reader, int index)
    {
        string? id = null;
        string? data = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isId = reader.ValueTextEquals("recordId"u8);
            bool isData = reader.ValueTextEquals("data"u8);
            reader.Read();
            if (isId || isData)
            {
                Expect(reader.TokenType is JsonTokenType.String or JsonTokenType.Null, $"records[{index}] has a recordId and data that are strings");
                (isId ? ref id : ref data) = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        Expect(id is not null, $"records[{index}] has a recordId");
        return new FirehoseInputRecord(id!, data);
    }

    private static void Expect(bool condition, string rule)
    {
        if (!condition)
        {
            throw new JsonException($"Not a Firehose transformation request: {rule}.");
        }
    }
}
