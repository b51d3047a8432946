using System.Globalization;
using System.IO.Hashing;
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

    /// <summary>
    /// Canonical bytes of JSON values: every value typed and length-prefixed, so the encoding is unambiguous; an
    /// object's members and an array's elements sorted by their encodings, so any order of them gives the same bytes.
    /// </summary>
    private sealed class CanonicalJson
    {
        private readonly List<List<(int Start, int Length)>> _levels = [];
        private byte[] _bytes = new byte[4096];
        private byte[] _scratch = new byte[4096];
        private int _length;
        private int _depth;

        public void BeginObject()
        {
            _length = 0;
            _depth = 0;
            Level(0).Clear();
        }

        /// <summary>One top-level member, the reader on its name.</summary>
        public void Member(ref Utf8JsonReader reader)
        {
            int start = _length;
            Scalar((byte)'k', reader.ValueSpan);
            reader.Read();
            Value(ref reader);
            Level(0).Add((start, _length - start));
        }

        public UInt128 EndObjectHash()
        {
            Sort(0, Level(0));
            return XxHash128.HashToUInt128(_bytes.AsSpan(0, _length));
        }

        private void Value(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    bool isObject = reader.TokenType == JsonTokenType.StartObject;
                    Append(isObject ? (byte)'{' : (byte)'[');
                    int start = _length;
                    _depth++;
                    List<(int Start, int Length)> items = Level(_depth);
                    items.Clear();
                    while (reader.Read() && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
                    {
                        int item = _length;
                        if (isObject)
                        {
                            Scalar((byte)'k', reader.ValueSpan);
                            reader.Read();
                        }

                        Value(ref reader);
                        items.Add((item, _length - item));
                    }

                    Sort(start, items);
                    _depth--;
                    Append(isObject ? (byte)'}' : (byte)']');
                    break;
                case JsonTokenType.String:
                    Scalar((byte)'s', reader.ValueSpan);
                    break;
                case JsonTokenType.Number:
                    Scalar((byte)'n', reader.ValueSpan);
                    break;
                case JsonTokenType.True:
                    Append((byte)'t');
                    break;
                case JsonTokenType.False:
                    Append((byte)'f');
                    break;
                default:
                    Append((byte)'z');
                    break;
            }
        }

        private List<(int Start, int Length)> Level(int depth)
        {
            while (_levels.Count <= depth)
            {
                _levels.Add([]);
            }

            return _levels[depth];
        }

        // The items were written in input order from start; they are written again in the order of their bytes.
        private void Sort(int start, List<(int Start, int Length)> items)
        {
            if (items.Count < 2)
            {
                return;
            }

            int length = _length - start;
            if (_scratch.Length < length)
            {
                _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
            }

            _bytes.AsSpan(start, length).CopyTo(_scratch);
            byte[] scratch = _scratch;
            items.Sort((a, b) => scratch.AsSpan(a.Start - start, a.Length).SequenceCompareTo(scratch.AsSpan(b.Start - start, b.Length)));
            int at = start;
            foreach ((int itemStart, int itemLength) in items)
            {
                scratch.AsSpan(itemStart - start, itemLength).CopyTo(_bytes.AsSpan(at));
                at += itemLength;
            }
        }

        private void Scalar(byte type, ReadOnlySpan<byte> value)
        {
            Ensure(5 + value.Length);
            _bytes[_length] = type;
            BitConverter.TryWriteBytes(_bytes.AsSpan(_length + 1), value.Length);
            value.CopyTo(_bytes.AsSpan(_length + 5));
            _length += 5 + value.Length;
        }

        private void Append(byte value)
        {
            Ensure(1);
            _bytes[_length++] = value;
        }

        private void Ensure(int more)
        {
            if (_length + more > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_length + more, _bytes.Length * 2));
            }
        }
    }
}
