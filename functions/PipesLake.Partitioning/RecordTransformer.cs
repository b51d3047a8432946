using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace PipesLake.Partitioning;

/// <summary>
/// Turns one decoded Firehose record (the pipe's contract JSON) into one lake line: a flat JSON object
/// of the item's attributes plus <c>_op</c>, <c>_eventId</c>, <c>_seq</c> and <c>_ts</c>, ending in a
/// newline. Reuses its buffers between records, so one instance serves one thread.
/// </summary>
public sealed class RecordTransformer : IImageSink
{
    private static readonly JsonReaderOptions s_readerOptions = new()
    {
        // DynamoDB nests up to 32 levels and each level is two JSON levels in DynamoDB JSON.
        MaxDepth = 80,
    };

    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        // Lake lines are read by query engines, not browsers: keep non-ASCII text as UTF-8.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly Utf8JsonWriter _writer;
    private readonly ImageWriter _image;
    private readonly PartitionTime _partitionTime;
    private readonly bool _itemColumn;
    private readonly ArrayBufferWriter<byte> _quoted = new(4096);
    private readonly Utf8JsonWriter _quotedWriter;
    private ImageCapture _capture;

    /// <summary>Creates a transformer for the given site and time attributes.</summary>
    public RecordTransformer(PartitioningOptions options)
    {
        PartitioningOptions.Validate(options);
        _writer = new Utf8JsonWriter(_line, s_writerOptions);
        _image = new ImageWriter(options);
        _partitionTime = options.PartitionTime;
        _itemColumn = options.ItemColumn;
        _quotedWriter = new Utf8JsonWriter(_quoted, s_writerOptions);
    }

    /// <summary>The lake line of the last record that transformed, newline included. Valid until the next call.</summary>
    public ReadOnlySpan<byte> Line => _line.WrittenSpan;

    /// <summary>Transforms one record. Never throws for bad data: a bad record is a failed outcome.</summary>
    public TransformOutcome Transform(ReadOnlySpan<byte> record)
    {
        _line.ResetWrittenCount();
        _writer.Reset(_line);
        if (!Utf8.IsValid(record))
        {
            // The reader does not check string contents, and a lake line must be UTF-8 for every query engine.
            return TransformOutcome.Failed(RecordFailure.InvalidJson, "the record is not valid UTF-8");
        }

        try
        {
            return TransformCore(record);
        }
        catch (JsonException)
        {
            _line.ResetWrittenCount();
            return TransformOutcome.Failed(RecordFailure.InvalidJson, "the record is not well-formed JSON");
        }
        catch (InvalidOperationException)
        {
            // Unescaping a lone surrogate (\uD800) fails: the string has no UTF-8 form.
            return Discard(RecordFailure.InvalidJson, "the record has a string escape that is not valid UTF-16");
        }
    }

    private TransformOutcome TransformCore(ReadOnlySpan<byte> record)
    {
        _capture = default;
        ContractLocation at = ContractLocator.Locate(record, s_readerOptions, this);
        if (at.ImageFailed)
        {
            return Discard(_capture.Failure, _capture.Detail ?? string.Empty);
        }

        string? breach = FindBreach(at);
        if (breach is not null)
        {
            return Discard(RecordFailure.NotContract, breach);
        }

        if (!TryReadCreationTime(record, at.CreationTime, out DateTime created))
        {
            return Discard(RecordFailure.NotContract, "dynamodb.ApproximateCreationDateTime is not epoch seconds between 1970 and 9999");
        }

        if (!at.ImageWritten)
        {
            // eventName came after the image: read the image again now that the operation is known.
            Utf8JsonReader image = (at.Operation == (byte)'D' ? at.OldImage : at.NewImage).Open(record, s_readerOptions);
            if (!((IImageSink)this).Write(ref image))
            {
                return Discard(_capture.Failure, _capture.Detail ?? string.Empty);
            }
        }

        if (_capture.Site is null)
        {
            return Discard(RecordFailure.MissingSiteAttribute, "the image has no site attribute");
        }

        if (_partitionTime == PartitionTime.Item && !_capture.HasTime)
        {
            return Discard(RecordFailure.MissingTimeAttribute, "the image has no time attribute");
        }

        byte op = at.Operation;
        _writer.WriteString("_op"u8, op == (byte)'I' ? "I"u8 : op == (byte)'U' ? "U"u8 : "D"u8);
        WriteCopiedString("_eventId"u8, record, at.EventId);
        WriteCopiedString("_seq"u8, record, at.SequenceNumber);
        WriteTimestamp(created);
        if (_itemColumn)
        {
            WriteItemColumn();
        }

        _writer.WriteEndObject();
        _writer.Flush();
        _line.Write("\n"u8);

        return TransformOutcome.Ok(new PartitionKey(_capture.Site!, _partitionTime == PartitionTime.Change ? created : _capture.Time));
    }

    bool IImageSink.Write(ref Utf8JsonReader reader)
    {
        _writer.WriteStartObject();
        return _image.WriteImage(ref reader, _writer, ref _capture);
    }

    private TransformOutcome Discard(RecordFailure failure, string detail)
    {
        _line.ResetWrittenCount();
        return TransformOutcome.Failed(failure, detail);
    }

    /// <summary>
    /// Writes <see cref="LakeContract.ItemColumn"/>, the line's last property: the object written so far, closed, as
    /// one JSON string, i.e. the line a JSON lake holds, byte for byte once unescaped.
    /// </summary>
    private void WriteItemColumn()
    {
        _writer.Flush();
        int length = _line.WrittenCount + 1;
        byte[] item = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            _line.WrittenSpan.CopyTo(item);
            item[length - 1] = (byte)'}';
            _quoted.ResetWrittenCount();
            _quotedWriter.Reset(_quoted);
            _quotedWriter.WriteStringValue(item.AsSpan(0, length));
            _quotedWriter.Flush();
            _writer.WritePropertyName("_item"u8);
            _writer.WriteRawValue(_quoted.WrittenSpan, skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(item);
        }
    }

    private static string? FindBreach(in ContractLocation at)
    {
        byte op = at.Operation;
        if (!at.IsObject)
        {
            return "the record is not a JSON object";
        }

        if (at.EventId.Type != JsonTokenType.String)
        {
            return "eventId is missing or not a string";
        }

        if (op == 0)
        {
            return "eventName is not INSERT, MODIFY or REMOVE";
        }

        if (at.Dynamodb.Type != JsonTokenType.StartObject)
        {
            return "dynamodb is missing or not an object";
        }

        if (at.SequenceNumber.Type != JsonTokenType.String)
        {
            return "dynamodb.SequenceNumber is missing or not a string";
        }

        if (op == (byte)'D')
        {
            return at.OldImage.Type == JsonTokenType.StartObject ? null : "dynamodb.OldImage is missing or not an object (REMOVE)";
        }

        return at.NewImage.Type == JsonTokenType.StartObject ? null : "dynamodb.NewImage is missing or not an object (INSERT or MODIFY)";
    }

    private void WriteCopiedString(ReadOnlySpan<byte> name, ReadOnlySpan<byte> record, JsonSlice slice)
    {
        Utf8JsonReader reader = slice.Open(record, s_readerOptions);
        _writer.WritePropertyName(name);
        if (reader.ValueIsEscaped)
        {
            _writer.WriteStringValue(reader.GetString());
        }
        else
        {
            _writer.WriteStringValue(reader.ValueSpan);
        }
    }

    private void WriteTimestamp(DateTime created)
    {
        Span<byte> text = stackalloc byte[32];
        string format = created.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        created.TryFormat(text, out int written, format, CultureInfo.InvariantCulture);
        _writer.WriteString("_ts"u8, text[..written]);
    }

    private static bool TryReadCreationTime(ReadOnlySpan<byte> record, JsonSlice slice, out DateTime created)
    {
        created = default;
        if (slice.Type is not (JsonTokenType.Number or JsonTokenType.String))
        {
            return false;
        }

        Utf8JsonReader reader = slice.Open(record, s_readerOptions);
        if (!double.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            || seconds is not (>= 0 and <= PartitionKey.MaxEpochMilliseconds / 1000d))
        {
            return false;
        }

        return PartitionKey.TryGetTime((long)Math.Round(seconds * 1000d), out created);
    }
}
