using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace PipesLake.Partitioning;

/// <summary>
/// A lake line read back, for records that come back to the lake a second time: when Firehose could not
/// deliver what the function returned (too many active partitions, say), the error record's
/// <c>rawData</c> is the line itself, not the pipe's record. Its partition key follows the function's rules.
/// </summary>
public static class LakeLine
{
    private static readonly string[] s_timestampFormats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'"];

    /// <summary>True when <paramref name="json"/> is an object with the lake's own <c>_op</c> and <c>_seq</c> fields.</summary>
    public static bool Is(ReadOnlySpan<byte> json)
    {
        // A record that names no _seq, plainly or escaped, is not one: a search decides that for almost every pipe
        // record without reading it, which a redrive would otherwise do in full before the function reads it again.
        if (json.IndexOf("\"_seq\""u8) < 0 && !json.Contains((byte)'\\'))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            bool op = false, seq = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isOp = reader.ValueTextEquals(LakeContract.Operation);
                bool isSeq = reader.ValueTextEquals(LakeContract.OutputSequence);
                reader.Read();
                op |= isOp && reader.TokenType == JsonTokenType.String;
                seq |= isSeq && reader.TokenType == JsonTokenType.String;
                reader.Skip();
            }

            return op && seq;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The partition key of a lake line: the site attribute's value (string or number, checked as the
    /// function checks it) and the item's time attribute, or <c>_ts</c> when partitioned by change time.
    /// Never throws for bad data.
    /// </summary>
    public static TransformOutcome KeyOf(ReadOnlySpan<byte> line, PartitioningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string timeField = options.PartitionTime == PartitionTime.Change ? LakeContract.OutputTimestamp : options.TimeAttribute;
        string? site = null;
        DateTime? time = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return TransformOutcome.Failed(RecordFailure.InvalidJson, "the lake line is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isSite = reader.ValueTextEquals(options.SiteAttribute);
                bool isTime = reader.ValueTextEquals(timeField);
                reader.Read();
                if (isSite)
                {
                    TransformOutcome? bad = ReadSite(ref reader, out site);
                    if (bad is { } failure)
                    {
                        return failure;
                    }
                }
                else if (isTime)
                {
                    TransformOutcome? bad = ReadTime(ref reader, options.PartitionTime, out time);
                    if (bad is { } failure)
                    {
                        return failure;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return TransformOutcome.Failed(RecordFailure.InvalidJson, "the lake line is not well-formed JSON");
        }

        return site is null ? TransformOutcome.Failed(RecordFailure.MissingSiteAttribute, "the lake line has no site attribute")
            : time is not { } when ? TransformOutcome.Failed(RecordFailure.MissingTimeAttribute, "the lake line has no time for its partition")
            : TransformOutcome.Ok(new PartitionKey(site, when));
    }

    private static TransformOutcome? ReadSite(ref Utf8JsonReader reader, out string? site)
    {
        site = null;
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
        {
            return TransformOutcome.Failed(RecordFailure.InvalidSiteAttributeType, "the site attribute is neither a string nor a number");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(reader.ValueSpan.Length, 16));
        try
        {
            int length = reader.TokenType == JsonTokenType.String ? reader.CopyString(buffer) : Copy(reader.ValueSpan, buffer);
            ReadOnlySpan<byte> value = buffer.AsSpan(0, length);
            string? problem = SiteIdRules.Check(value);
            if (problem is not null)
            {
                return TransformOutcome.Failed(RecordFailure.InvalidSiteValue, problem);
            }

            site = System.Text.Encoding.UTF8.GetString(value);
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TransformOutcome? ReadTime(ref Utf8JsonReader reader, PartitionTime partitionTime, out DateTime? time)
    {
        time = null;
        if (partitionTime == PartitionTime.Change)
        {
            if (reader.TokenType == JsonTokenType.String
                && DateTime.TryParseExact(reader.GetString(), s_timestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime changed))
            {
                time = changed;
                return null;
            }

            return TransformOutcome.Failed(RecordFailure.InvalidTimeValue, "the lake line's _ts is not a UTC timestamp");
        }

        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long milliseconds))
        {
            return TransformOutcome.Failed(RecordFailure.InvalidTimeValue, "the time attribute is not a whole number of epoch milliseconds");
        }

        if (!PartitionKey.TryGetTime(milliseconds, out DateTime itemTime))
        {
            return TransformOutcome.Failed(RecordFailure.TimeOutOfRange, "the time attribute is before 1970 or after 9999");
        }

        time = itemTime;
        return null;
    }

    private static int Copy(ReadOnlySpan<byte> source, byte[] destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
