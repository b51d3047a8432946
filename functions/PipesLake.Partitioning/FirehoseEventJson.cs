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

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The records of a request, in order, read as the deployed function's serializer reads them: exact
    /// (case-sensitive) names, no comments, the last of a repeated property, and every field it does not
    /// read ignored whatever its type. A leading UTF-8 byte-order mark is skipped, as the function does.
    /// </summary>
    /// <exception cref="JsonException">The request is not JSON, or breaks a <see cref="FirehoseRequestRules"/> rule.</exception>
    public static List<FirehoseInputRecord> ReadRecords(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(WithoutByteOrderMark(utf8Json));
        List<FirehoseInputRecord>? records = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw FirehoseRequestRules.NoRecords();
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isRecords = reader.ValueTextEquals("records"u8);
            bool isInvocationId = reader.ValueTextEquals("invocationId"u8);
            reader.Read();
            if (isRecords)
            {
                records = reader.TokenType == JsonTokenType.Null ? null : ReadRecordArray(ref reader);
            }
            else if (isInvocationId && reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
            {
                throw FirehoseRequestRules.WrongType("invocationId");
            }
            else
            {
                reader.Skip();
            }
        }

        // Reads to the end, so trailing content is refused as the serializer refuses it.
        while (reader.Read())
        {
        }

        return records ?? throw FirehoseRequestRules.NoRecords();
    }

    /// <summary>The whole local invocation: request bytes in, the function's response JSON out.</summary>
    /// <exception cref="JsonException">A request the function refuses.</exception>
    /// <exception cref="ResponseTooLargeException">A response over Lambda's limit, which the function refuses too.</exception>
    public static void Transform(ReadOnlySpan<byte> request, PartitioningOptions options, Stream output) =>
        WriteResponse(output, new FirehoseBatchTransformer(options).Transform(ReadRecords(request)));

    /// <summary>The request without a leading UTF-8 byte-order mark (AWS's own sample event has one).</summary>
    public static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> utf8Json) =>
        utf8Json.StartsWith(Utf8ByteOrderMark) ? utf8Json[Utf8ByteOrderMark.Length..] : utf8Json;

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

    private static List<FirehoseInputRecord> ReadRecordArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw FirehoseRequestRules.NoRecords();
        }

        var records = new List<FirehoseInputRecord>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw FirehoseRequestRules.RecordNotAnObject(records.Count);
            }

            records.Add(ReadRecord(ref reader, records.Count));
        }

        return records;
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
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                {
                    throw FirehoseRequestRules.WrongType($"records[{index}].{(isId ? "recordId" : "data")}");
                }

                (isId ? ref id : ref data) = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return new FirehoseInputRecord(id ?? throw FirehoseRequestRules.NoRecordId(index), data);
    }
}
