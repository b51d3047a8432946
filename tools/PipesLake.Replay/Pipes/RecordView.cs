using System.Buffers;
using System.Text;
using System.Text.Json;

namespace PipesLake.Replay.Pipes;

/// <summary>
/// A stream record read once with a JSON reader, checked whole as a document would be, keeping where the values of
/// a few top-level fields start and end (the last of a repeated name, as a document's lookup finds it). The pipe's
/// filter and input template name top-level fields; the images, most of a record, are skipped, not built.
/// </summary>
internal sealed class RecordView
{
    private readonly byte[][] _names;
    private readonly Range[] _values;
    private readonly bool[] _present;
    private readonly byte[] _numberParent;
    private readonly byte[] _numberChild;
    private Range _whole;

    /// <param name="names">The top-level fields whose values are kept.</param>
    /// <param name="number">A number one level down (<c>parent.child</c>) read on the way: <see cref="Number"/>.</param>
    public RecordView(IReadOnlyList<string> names, (string Parent, string Child) number)
    {
        Names = names;
        _names = [.. names.Select(Encoding.UTF8.GetBytes)];
        _values = new Range[names.Count];
        _present = new bool[names.Count];
        _numberParent = Encoding.UTF8.GetBytes(number.Parent);
        _numberChild = Encoding.UTF8.GetBytes(number.Child);
    }

    /// <summary>The record's <c>parent.child</c> number (the last of a repeated name), or null.</summary>
    public double? Number { get; private set; }

    /// <summary>Whether a kept name occurred more than once in the last record read; the view holds its last value.</summary>
    public bool Repeats { get; private set; }

    /// <summary>The fields kept, by index.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Reads one record; false when it is not one JSON object (malformed, or an array, string …).</summary>
    public bool TryRead(ReadOnlySpan<byte> record)
    {
        Array.Clear(_present);
        Repeats = false;
        var reader = new Utf8JsonReader(record);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            int start = (int)reader.TokenStartIndex;
            Number = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int index = -1;
                for (int i = 0; i < _names.Length && index < 0; i++)
                {
                    index = reader.ValueTextEquals(_names[i]) ? i : -1;
                }

                bool parent = reader.ValueTextEquals(_numberParent);
                reader.Read();
                int valueStart = (int)reader.TokenStartIndex;
                if (parent)
                {
                    // A later parent of the same name replaces the earlier one, and with it its number.
                    Number = ReadNumber(ref reader);
                }
                else
                {
                    reader.Skip();
                }

                if (index >= 0)
                {
                    Repeats |= _present[index];
                    _values[index] = valueStart..(int)reader.BytesConsumed;
                    _present[index] = true;
                }
            }

            _whole = start..(int)reader.BytesConsumed;
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The record's own JSON, without surrounding whitespace.</summary>
    public ReadOnlySpan<byte> Whole(ReadOnlySpan<byte> record) => record[_whole];

    /// <summary>The raw JSON of kept field <paramref name="index"/>, or false when the record does not have it.</summary>
    public bool TryGet(ReadOnlySpan<byte> record, int index, out ReadOnlySpan<byte> value)
    {
        value = _present[index] ? record[_values[index]] : default;
        return _present[index];
    }

    /// <summary>Writes <c>{…}</c> of the kept fields <paramref name="indices"/> the record has, raw: what a filter that names only them sees.</summary>
    public void WriteKept(ReadOnlySpan<byte> record, IReadOnlyList<int> indices, IBufferWriter<byte> output)
    {
        output.Write("{"u8);
        bool first = true;
        foreach (int i in indices)
        {
            if (!_present[i])
            {
                continue;
            }

            output.Write(first ? "\""u8 : ",\""u8);
            output.Write(JsonEncodedText.Encode(_names[i]).EncodedUtf8Bytes);
            output.Write("\":"u8);
            output.Write(record[_values[i]]);
            first = false;
        }

        output.Write("}"u8);
    }

    /// <summary>Reads the object the reader is at to its end, and the number of its field named as the child.</summary>
    private double? ReadNumber(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        double? number = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool match = reader.ValueTextEquals(_numberChild);
            reader.Read();
            if (match)
            {
                number = reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double value) ? value : null;
            }

            reader.Skip();
        }

        return number;
    }
}
