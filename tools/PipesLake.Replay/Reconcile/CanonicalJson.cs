using System.IO.Hashing;
using System.Text.Json;

namespace PipesLake.Replay.Reconcile;

/// <summary>
/// Canonical bytes of JSON values: every value typed and length-prefixed, so the encoding is unambiguous; an
/// object's members and an array's elements sorted by their encodings, so any order of them gives the same bytes.
/// One object at a time (<see cref="BeginObject"/>, <see cref="Member"/>, <see cref="EndObjectHash"/>); one per thread.
/// </summary>
internal sealed class CanonicalJson
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
