using System.Buffers;
using System.Text.Json;
using PipesLake.Partitioning;
using PipesLake.Sampling;

namespace PipesLake.Benchmarks;

/// <summary>
/// One Firehose-sized batch of realistic contract records, in the forms each benchmark row needs: as many
/// records as fill 6 MB of decoded bytes, the most one Lambda request carries.
/// </summary>
internal sealed class FirehoseBatch
{
    public const long TargetDecodedBytes = 6_000_000;

    private FirehoseBatch(List<byte[]> decoded, List<FirehoseInputRecord> encoded, byte[] request)
    {
        Decoded = decoded;
        Encoded = encoded;
        Request = request;
        DecodedBytes = decoded.Sum(r => (long)r.Length);
    }

    public List<byte[]> Decoded { get; }

    public List<FirehoseInputRecord> Encoded { get; }

    /// <summary>The transformation request as Firehose sends it to Lambda.</summary>
    public byte[] Request { get; }

    public long DecodedBytes { get; }

    public int RecordCount => Decoded.Count;

    public static FirehoseBatch Create()
    {
        var generator = new SampleGenerator(sites: 16, seed: 42, malformedEvery: 500);
        var buffer = new ArrayBufferWriter<byte>();
        var decoded = new List<byte[]>();
        var encoded = new List<FirehoseInputRecord>();
        using var writer = new Utf8JsonWriter(buffer);
        long total = 0;
        for (int i = 0; total < TargetDecodedBytes; i++)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            generator.WriteContractRecord(writer);
            writer.Flush();
            byte[] record = buffer.WrittenSpan.ToArray();
            total += record.Length;
            decoded.Add(record);
            encoded.Add(new FirehoseInputRecord($"4954698668313554428650745793632162567570019247115{i:D7}", Convert.ToBase64String(record)));
        }

        return new FirehoseBatch(decoded, encoded, Serialize(encoded));
    }

    private static byte[] Serialize(List<FirehoseInputRecord> records)
    {
        using var stream = new MemoryStream();
        // Firehose does not escape base64's '+' and '/', so neither does the request here.
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("invocationId", "bench");
            writer.WriteString("deliveryStreamArn", "arn:aws:firehose:eu-west-1:123456789012:deliverystream/pipeslake-bench");
            writer.WriteString("region", "eu-west-1");
            writer.WriteStartArray("records");
            foreach (FirehoseInputRecord record in records)
            {
                writer.WriteStartObject();
                writer.WriteString("recordId", record.RecordId);
                writer.WriteNumber("approximateArrivalTimestamp", 1_704_067_200_000);
                writer.WriteString("data", record.Data);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
