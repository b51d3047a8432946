using System.Buffers.Text;
using System.Text.Json;

namespace PipesLake.Partitioning;

/// <summary>
/// Copies a DynamoDB JSON image into a plain JSON object, token by token, picking up the site and
/// time attributes on the way. Numbers are copied as the digits DynamoDB sent.
/// </summary>
internal sealed class ImageWriter
{
    private readonly byte[] _siteAttribute;
    private readonly byte[] _timeAttribute;
    private readonly SiteIdCache _sites = new();
    private readonly bool _itemColumn;
    private byte[] _scratch = new byte[512];

    public ImageWriter(PartitioningOptions options)
    {
        _siteAttribute = System.Text.Encoding.UTF8.GetBytes(options.SiteAttribute);
        // Partitioned by change time, the time attribute is plain data; no attribute name is empty, so none matches.
        _timeAttribute = options.PartitionTime == PartitionTime.Item ? System.Text.Encoding.UTF8.GetBytes(options.TimeAttribute) : [];
        _itemColumn = options.ItemColumn;
    }

    /// <summary>
    /// Writes the properties of the image (the reader is on its StartObject) into the open object of
    /// <paramref name="writer"/>. Returns false with <paramref name="capture"/> saying why. Whether the
    /// site and time were present is the caller's to check, after the contract itself.
    /// </summary>
    public bool WriteImage(ref Utf8JsonReader reader, Utf8JsonWriter writer, ref ImageCapture capture)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> name = Unescaped(ref reader);
            AttributeRole role = name.SequenceEqual(_siteAttribute) ? AttributeRole.Site
                : name.SequenceEqual(_timeAttribute) ? AttributeRole.Time
                : AttributeRole.None;
            if (IsReserved(name) || (_itemColumn && name.SequenceEqual("_item"u8)))
            {
                return capture.Fail(RecordFailure.ReservedAttributeName, "an image attribute uses a reserved lake column name");
            }

            writer.WritePropertyName(name);
            reader.Read();
            if (!WriteValue(ref reader, writer, role, ref capture))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes one attribute value; the reader is on the StartObject that wraps its type tag.</summary>
    private bool WriteValue(ref Utf8JsonReader reader, Utf8JsonWriter writer, AttributeRole role, ref ImageCapture capture)
    {
        if (reader.TokenType != JsonTokenType.StartObject || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            return capture.Fail(RecordFailure.InvalidAttributeValue, "an attribute value is not an object with one type tag");
        }

        AttributeType type = AttributeTypes.Parse(reader.ValueSpan);
        if (role == AttributeRole.Site && type is not (AttributeType.S or AttributeType.N))
        {
            return capture.Fail(RecordFailure.InvalidSiteAttributeType, "the site attribute is neither S nor N");
        }

        if (role == AttributeRole.Time && type != AttributeType.N)
        {
            return capture.Fail(RecordFailure.InvalidTimeAttributeType, "the time attribute is not N");
        }

        reader.Read();
        bool written = type switch
        {
            AttributeType.S or AttributeType.B => WriteString(ref reader, writer, role, ref capture),
            AttributeType.N => WriteNumber(ref reader, writer, role, ref capture),
            AttributeType.Bool => WriteBoolean(ref reader, writer, ref capture, isNull: false),
            AttributeType.Null => WriteBoolean(ref reader, writer, ref capture, isNull: true),
            AttributeType.SS or AttributeType.BS => WriteSet(ref reader, writer, numbers: false, ref capture),
            AttributeType.NS => WriteSet(ref reader, writer, numbers: true, ref capture),
            AttributeType.M => WriteMap(ref reader, writer, ref capture),
            AttributeType.L => WriteList(ref reader, writer, ref capture),
            _ => capture.Fail(RecordFailure.InvalidAttributeValue, "an attribute value has an unknown type tag"),
        };
        if (!written)
        {
            return false;
        }

        return (reader.Read() && reader.TokenType == JsonTokenType.EndObject)
            || capture.Fail(RecordFailure.InvalidAttributeValue, "an attribute value has more than one type tag");
    }

    private bool WriteString(ref Utf8JsonReader reader, Utf8JsonWriter writer, AttributeRole role, ref ImageCapture capture)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return capture.Fail(RecordFailure.InvalidAttributeValue, "an S or B value is not a string");
        }

        ReadOnlySpan<byte> value = Unescaped(ref reader);
        if (role == AttributeRole.Site && !CaptureSite(value, ref capture))
        {
            return false;
        }

        writer.WriteStringValue(value);
        return true;
    }

    private bool WriteNumber(ref Utf8JsonReader reader, Utf8JsonWriter writer, AttributeRole role, ref ImageCapture capture)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return capture.Fail(RecordFailure.InvalidAttributeValue, "an N value is not a string");
        }

        ReadOnlySpan<byte> digits = Unescaped(ref reader);
        if (!JsonNumberSyntax.IsValid(digits))
        {
            return capture.Fail(RecordFailure.InvalidNumber, "an N value is not a JSON number");
        }

        if (role == AttributeRole.Site && !CaptureSite(digits, ref capture))
        {
            return false;
        }

        if (role == AttributeRole.Time && !CaptureTime(digits, ref capture))
        {
            return false;
        }

        writer.WriteRawValue(digits, skipInputValidation: true);
        return true;
    }

    private static bool WriteBoolean(ref Utf8JsonReader reader, Utf8JsonWriter writer, ref ImageCapture capture, bool isNull)
    {
        if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
        {
            return capture.Fail(RecordFailure.InvalidAttributeValue, "a BOOL or NULL value is not true or false");
        }

        if (isNull)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
        }

        return true;
    }

    private bool WriteSet(ref Utf8JsonReader reader, Utf8JsonWriter writer, bool numbers, ref ImageCapture capture)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return capture.Fail(RecordFailure.InvalidAttributeValue, "an SS, NS or BS value is not an array");
        }

        writer.WriteStartArray();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            bool ok = numbers
                ? WriteNumber(ref reader, writer, AttributeRole.None, ref capture)
                : WriteString(ref reader, writer, AttributeRole.None, ref capture);
            if (!ok)
            {
                return false;
            }
        }

        writer.WriteEndArray();
        return true;
    }

    private bool WriteMap(ref Utf8JsonReader reader, Utf8JsonWriter writer, ref ImageCapture capture)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return capture.Fail(RecordFailure.InvalidAttributeValue, "an M value is not an object");
        }

        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            writer.WritePropertyName(Unescaped(ref reader));
            reader.Read();
            if (!WriteValue(ref reader, writer, AttributeRole.None, ref capture))
            {
                return false;
            }
        }

        writer.WriteEndObject();
        return true;
    }

    private bool WriteList(ref Utf8JsonReader reader, Utf8JsonWriter writer, ref ImageCapture capture)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return capture.Fail(RecordFailure.InvalidAttributeValue, "an L value is not an array");
        }

        writer.WriteStartArray();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!WriteValue(ref reader, writer, AttributeRole.None, ref capture))
            {
                return false;
            }
        }

        writer.WriteEndArray();
        return true;
    }

    private bool CaptureSite(ReadOnlySpan<byte> value, ref ImageCapture capture)
    {
        string? problem = SiteIdRules.Check(value);
        if (problem is not null)
        {
            return capture.Fail(RecordFailure.InvalidSiteValue, problem);
        }

        capture.Site = _sites.Get(value);
        return true;
    }

    private static bool CaptureTime(ReadOnlySpan<byte> digits, ref ImageCapture capture)
    {
        if (!Utf8Parser.TryParse(digits, out long milliseconds, out int consumed) || consumed != digits.Length)
        {
            return capture.Fail(RecordFailure.InvalidTimeValue, "the time attribute is not a whole number of epoch milliseconds");
        }

        if (!PartitionKey.TryGetTime(milliseconds, out capture.Time))
        {
            return capture.Fail(RecordFailure.TimeOutOfRange, "the time attribute is before 1970 or after 9999");
        }

        capture.HasTime = true;
        return true;
    }

    private static bool IsReserved(ReadOnlySpan<byte> name) =>
        name.Length > 0 && name[0] == (byte)'_'
        && (name.SequenceEqual("_op"u8) || name.SequenceEqual("_eventId"u8) || name.SequenceEqual("_seq"u8) || name.SequenceEqual("_ts"u8));

    /// <summary>The current string token without JSON escapes. Valid until the next call.</summary>
    private ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        if (_scratch.Length < reader.ValueSpan.Length)
        {
            _scratch = new byte[Math.Max(reader.ValueSpan.Length, _scratch.Length * 2)];
        }

        int length = reader.CopyString(_scratch);
        return _scratch.AsSpan(0, length);
    }
}
