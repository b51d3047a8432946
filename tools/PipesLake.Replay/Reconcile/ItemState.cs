using System.Globalization;
using System.Text.Json;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Reconcile;

/// <summary>
/// What reconcile needs of one lake line, in one read of it: the item's key (the <c>id</c> value as the line writes it),
/// the change's operation, sequence number, time and event id, and a hash of the item's state that does not depend on
/// the order of its attributes. An export item is compared by the line the function makes of it, so both sides are
/// written by the same code and differ only where the item does.
/// </summary>
/// <remarks>
/// A stream image and an export list a map's attributes in no set order, and DynamoDB does not keep the order of a
/// set's values (DynamoDB Developer Guide, "Supported data types": "The order of the values within a set is not
/// preserved"). Sets and lists are both JSON arrays in the line, so members of objects and elements of arrays are both
/// compared as sorted: a change that only reorders a list is not told apart.
/// </remarks>
internal sealed class ItemState
{
    private readonly CanonicalJson _canonical = new();
    private byte[] _key = new byte[64];
    private byte[] _sequence = new byte[32];

    /// <summary>The <c>id</c> value's JSON text (with its quotes for a string): the same key reads the same on both sides.</summary>
    public ReadOnlySpan<byte> Key => _key.AsSpan(0, KeyLength);

    /// <summary>The line's <c>_seq</c>.</summary>
    public ReadOnlySpan<byte> Sequence => _sequence.AsSpan(0, SequenceLength);

    /// <summary>The line's <c>_op</c>: <c>I</c>, <c>U</c> or <c>D</c>.</summary>
    public byte Operation { get; private set; }

    /// <summary>The line's <c>_ts</c>, in epoch milliseconds.</summary>
    public long TimeMilliseconds { get; private set; }

    /// <summary>Whether <c>_eventId</c> is a backfill's (<c>export-…</c>) rather than the stream's own id of a change.</summary>
    public bool FromExport { get; private set; }

    /// <summary>The item's state: every attribute but the lake's own fields, members and elements in a canonical order.</summary>
    public UInt128 Hash { get; private set; }

    private int KeyLength { get; set; }

    private int SequenceLength { get; set; }

    /// <summary>Reads a lake line; false when it is not one (not one JSON object, or without <c>id</c>, <c>_op</c>, <c>_seq</c> or <c>_ts</c>).</summary>
    public bool TryRead(ReadOnlySpan<byte> line)
    {
        KeyLength = SequenceLength = 0;
        Operation = 0;
        TimeMilliseconds = long.MinValue;
        FromExport = false;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            _canonical.BeginObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!Contract(ref reader, line))
                {
                    _canonical.Member(ref reader);
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }

            Hash = _canonical.EndObjectHash();
            return KeyLength > 0 && SequenceLength > 0 && Operation != 0 && TimeMilliseconds != long.MinValue;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>How reports show a key: a string's text, a number as written.</summary>
    public static string KeyText(ReadOnlySpan<byte> key) =>
        key.Length > 0 && key[0] == (byte)'"' ? JsonSerializer.Deserialize<string>(key) ?? string.Empty : System.Text.Encoding.UTF8.GetString(key);

    // The lake's own fields are read, not hashed; the key is read and hashed (it is part of the item).
    private bool Contract(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        if (reader.ValueTextEquals(QueryTables.TableKey))
        {
            Utf8JsonReader copy = reader;
            copy.Read();
            if (copy.TokenType is JsonTokenType.String or JsonTokenType.Number)
            {
                KeyLength = Copy(line[(int)copy.TokenStartIndex..(int)copy.BytesConsumed], ref _key);
            }

            return false;
        }

        if (reader.ValueTextEquals(LakeContract.Operation))
        {
            reader.Read();
            Operation = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length == 1 && reader.ValueSpan[0] is (byte)'I' or (byte)'U' or (byte)'D' ? reader.ValueSpan[0] : (byte)0;
            return true;
        }

        if (reader.ValueTextEquals(LakeContract.OutputSequence))
        {
            reader.Read();
            SequenceLength = reader.TokenType == JsonTokenType.String ? Copy(reader.ValueSpan, ref _sequence) : 0;
            return true;
        }

        if (reader.ValueTextEquals(LakeContract.OutputTimestamp))
        {
            reader.Read();
            TimeMilliseconds = reader.TokenType == JsonTokenType.String ? Milliseconds(reader.ValueSpan) : long.MinValue;
            return true;
        }

        if (reader.ValueTextEquals(LakeContract.OutputEventId))
        {
            reader.Read();
            FromExport = reader.TokenType == JsonTokenType.String && reader.ValueSpan.StartsWith("export-"u8);
            reader.Skip();
            return true;
        }

        if (reader.ValueTextEquals(LakeContract.ItemColumn))
        {
            reader.Read();
            reader.Skip();
            return true;
        }

        return false;
    }

    /// <summary>
    /// <c>_ts</c> as the function writes it (<c>yyyy-MM-ddTHH:mm:ssZ</c>, or with <c>.fff</c>) without a string per line;
    /// any other form through the general parser; <see cref="long.MinValue"/> when it is not a time.
    /// </summary>
    internal static long Milliseconds(ReadOnlySpan<byte> text)
    {
        int milli = 0;
        bool fixedForm = (text.Length == 20 || (text.Length == 24 && text[19] == '.' && Digits(text, 20, 3, out milli)))
            && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[^1] == 'Z';
        if (fixedForm && Digits(text, 0, 4, out int year) && Digits(text, 5, 2, out int month) && Digits(text, 8, 2, out int day)
            && Digits(text, 11, 2, out int hour) && Digits(text, 14, 2, out int minute) && Digits(text, 17, 2, out int second)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && hour < 24 && minute < 60 && second < 60)
        {
            return new DateTimeOffset(year, month, day, hour, minute, second, milli, TimeSpan.Zero).ToUnixTimeMilliseconds();
        }

        return DateTimeOffset.TryParse(System.Text.Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time)
            ? time.ToUnixTimeMilliseconds()
            : long.MinValue;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            int digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    private static int Copy(ReadOnlySpan<byte> value, ref byte[] into)
    {
        if (value.Length > into.Length)
        {
            into = new byte[Math.Max(value.Length, into.Length * 2)];
        }

        value.CopyTo(into);
        return value.Length;
    }
}
