using System.Globalization;
using System.Text.Json;

namespace PipesLake.Sampling;

/// <summary>
/// Writes realistic DynamoDB stream records for the seed item shape
/// <c>{id, siteId, createdAtTime, name, valueOne, valueTwo}</c> plus a nested map and list: INSERT,
/// MODIFY and REMOVE in a stable mix, and every <see cref="MalformedEvery"/>th record deliberately bad.
/// The same seed always gives the same records.
/// </summary>
public sealed class SampleGenerator
{
    private static readonly string[] s_names = ["pump", "valve", "sensor", "meter", "chiller", "boiler", "fan", "gate"];
    private static readonly string[] s_malformedKinds = ["no-site", "unsafe-site", "time-as-string"];

    /// <summary>The table the samples are of: the dev stack's <c>orders</c>, the table the stack creates.</summary>
    public const string Table = "orders";

    // 2024-01-01T00:00:00Z, the event time of the first record.
    private const long StartMilliseconds = 1_704_067_200_000;

    private readonly Random _random;
    private readonly int _sites;
    private readonly int _perSecond;
    private int _index;

    /// <summary>Creates a generator.</summary>
    /// <param name="sites">How many distinct sites, at least 1.</param>
    /// <param name="seed">Seed of the pseudo-random sequence.</param>
    /// <param name="malformedEvery">One record in this many is malformed; 0 for none.</param>
    /// <param name="perSecond">Changes per second of event time across all sites; sets how many minute partitions a sample spans.</param>
    public SampleGenerator(int sites = 8, int seed = 1, int malformedEvery = 500, int perSecond = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sites, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(malformedEvery);
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        _sites = sites;
        _perSecond = perSecond;
        _random = new Random(seed);
        MalformedEvery = malformedEvery;
    }

    /// <summary>One record in this many is malformed (0: none).</summary>
    public int MalformedEvery { get; }

    /// <summary>
    /// Writes the next record as DynamoDB Streams delivers it (<c>eventID</c>, <c>eventName</c>,
    /// <c>eventSource</c>, <c>awsRegion</c>, <c>dynamodb</c>, ...), the shape the pipe reads.
    /// </summary>
    public void WriteStreamRecord(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Next(out int index, out string eventName);
        writer.WriteStartObject();
        writer.WriteString("eventID", EventId(index));
        writer.WriteString("eventName", eventName);
        writer.WriteString("eventVersion", "1.1");
        writer.WriteString("eventSource", "aws:dynamodb");
        writer.WriteString("awsRegion", "eu-west-1");
        WriteDynamodb(writer, index, eventName);
        writer.WriteString("eventSourceARN", $"arn:aws:dynamodb:eu-west-1:123456789012:table/{Table}/stream/2024-01-01T00:00:00.000");
        writer.WriteEndObject();
    }

    /// <summary>Writes the next record as the pipe's input template renders it for Firehose.</summary>
    public void WriteContractRecord(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Next(out int index, out string eventName);
        writer.WriteStartObject();
        writer.WriteString("eventId", EventId(index));
        writer.WriteString("eventName", eventName);
        WriteDynamodb(writer, index, eventName);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes the next record's item as a DynamoDB export (DYNAMODB_JSON) lists it, <c>{"Item": …}</c>: its new image,
    /// or its old one for a REMOVE.
    /// </summary>
    public void WriteExportItem(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Next(out int index, out string eventName);
        long created = StartMilliseconds + (index * 1_000L / _perSecond) + _random.Next(1_000);
        // An export lists each item once: one id per record.
        string id = string.Create(CultureInfo.InvariantCulture, $"item-{index}");
        string site = $"site-{_random.Next(_sites):D3}";
        writer.WriteStartObject();
        writer.WritePropertyName("Item");
        WriteImage(writer, id, site, eventName == "REMOVE" ? created - 60_000 : created, malformed: string.Empty, version: eventName == "INSERT" ? 1 : 2);
        writer.WriteEndObject();
    }

    private void Next(out int index, out string eventName)
    {
        index = _index++;
        int roll = _random.Next(10);
        eventName = roll < 6 ? "INSERT" : roll < 9 ? "MODIFY" : "REMOVE";
    }

    private static string EventId(int index) => index.ToString("x32", CultureInfo.InvariantCulture);

    private void WriteDynamodb(Utf8JsonWriter writer, int index, string eventName)
    {
        long created = StartMilliseconds + (index * 1_000L / _perSecond) + _random.Next(1_000);
        string id = $"item-{_random.Next(100_000)}";
        string site = $"site-{_random.Next(_sites):D3}";
        string malformed = MalformedEvery > 0 && index % MalformedEvery == MalformedEvery - 1
            ? s_malformedKinds[index / MalformedEvery % s_malformedKinds.Length]
            : string.Empty;

        writer.WriteStartObject("dynamodb");
        writer.WriteNumber("ApproximateCreationDateTime", created / 1000);
        writer.WriteStartObject("Keys");
        WriteTyped(writer, "id", "S", id);
        writer.WriteEndObject();
        if (eventName != "REMOVE")
        {
            writer.WritePropertyName("NewImage");
            WriteImage(writer, id, site, created, malformed, version: 2);
        }

        if (eventName != "INSERT")
        {
            writer.WritePropertyName("OldImage");
            WriteImage(writer, id, site, created - 60_000, malformed, version: 1);
        }

        writer.WriteString("SequenceNumber", (100_000_000_000_000_000L + index).ToString(CultureInfo.InvariantCulture));
        writer.WriteNumber("SizeBytes", 180 + _random.Next(120));
        writer.WriteString("StreamViewType", "NEW_AND_OLD_IMAGES");
        writer.WriteEndObject();
    }

    private void WriteImage(Utf8JsonWriter writer, string id, string site, long created, string malformed, int version)
    {
        writer.WriteStartObject();
        WriteTyped(writer, "id", "S", id);
        if (malformed != "no-site")
        {
            WriteTyped(writer, "siteId", "S", malformed == "unsafe-site" ? "../" + site : site);
        }

        WriteTyped(writer, "createdAtTime", malformed == "time-as-string" ? "S" : "N", created.ToString(CultureInfo.InvariantCulture));
        WriteTyped(writer, "name", "S", s_names[_random.Next(s_names.Length)]);
        WriteTyped(writer, "valueOne", "N", (_random.Next(1_000_000) / 100m).ToString(CultureInfo.InvariantCulture));
        WriteTyped(writer, "valueTwo", "N", _random.Next(-500, 500).ToString(CultureInfo.InvariantCulture));
        writer.WriteStartObject("details");
        writer.WriteStartObject("M");
        WriteTyped(writer, "version", "N", version.ToString(CultureInfo.InvariantCulture));
        writer.WriteStartObject("active");
        writer.WriteBoolean("BOOL", _random.Next(2) == 0);
        writer.WriteEndObject();
        writer.WriteStartObject("tags");
        writer.WriteStartArray("L");
        for (int i = _random.Next(3); i >= 0; i--)
        {
            writer.WriteStartObject();
            writer.WriteString("S", s_names[_random.Next(s_names.Length)]);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteTyped(Utf8JsonWriter writer, string name, string type, string value)
    {
        writer.WriteStartObject(name);
        writer.WriteString(type, value);
        writer.WriteEndObject();
    }
}
