using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PipesLake.Replay.DeadLetters;

/// <summary>
/// A record read back from a DynamoDB stream as the line <c>replay</c> reads: the record as GetRecords returns it, which
/// is the record a pipe receives (EventBridge User Guide, "Amazon DynamoDB stream as a source for EventBridge Pipes",
/// example event; DynamoDB Streams API Reference, Record and StreamRecord), with two changes a pipe makes too: the
/// stream's ARN as <c>eventSourceARN</c>, which GetRecords leaves out, and <c>ApproximateCreationDateTime</c> in whole
/// epoch seconds (the API's timestamps may carry a fraction; the record's is "rounded down to the closest second").
/// Attribute values stay DynamoDB's JSON, byte for byte.
/// </summary>
internal static class StreamRecordLine
{
    private const string Created = "ApproximateCreationDateTime";

    // Text as it is (no \u escapes beyond what JSON needs): the line is data for replay, never put in a page.
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record's <c>dynamodb.SequenceNumber</c>, or null.</summary>
    public static string? Sequence(JsonElement record) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty("dynamodb", out JsonElement change) && change.ValueKind == JsonValueKind.Object
        && change.TryGetProperty("SequenceNumber", out JsonElement sequence) && sequence.ValueKind == JsonValueKind.String
            ? sequence.GetString()
            : null;

    /// <summary>Writes <paramref name="record"/> of <paramref name="streamArn"/> as one line (no newline) to <paramref name="output"/>.</summary>
    public static void Write(JsonElement record, string streamArn, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, s_options);
        json.WriteStartObject();
        foreach (JsonProperty property in record.EnumerateObject())
        {
            if (property.NameEquals("eventSourceARN"))
            {
                continue;
            }

            if (property.NameEquals("dynamodb") && property.Value.ValueKind == JsonValueKind.Object)
            {
                json.WritePropertyName(property.Name);
                json.WriteStartObject();
                foreach (JsonProperty field in property.Value.EnumerateObject())
                {
                    if (field.NameEquals(Created) && field.Value.ValueKind == JsonValueKind.Number && field.Value.TryGetDouble(out double seconds))
                    {
                        json.WriteNumber(Created, (long)Math.Floor(seconds));
                    }
                    else
                    {
                        field.WriteTo(json);
                    }
                }

                json.WriteEndObject();
                continue;
            }

            property.WriteTo(json);
        }

        json.WriteString("eventSourceARN", streamArn);
        json.WriteEndObject();
    }
}
