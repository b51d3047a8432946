using System.Text.Json;

namespace PipesLake.Partitioning;

/// <summary>Where one JSON value sits in a record, so it can be read again without copying.</summary>
internal readonly record struct JsonSlice(int Start, int Length, JsonTokenType Type)
{
    public bool IsPresent => Length > 0;

    /// <summary>Captures the value the reader is on, skipping over it when it is a container.</summary>
    public static JsonSlice Capture(ref Utf8JsonReader reader)
    {
        int start = (int)reader.TokenStartIndex;
        JsonTokenType type = reader.TokenType;
        reader.Skip();
        return new JsonSlice(start, (int)reader.BytesConsumed - start, type);
    }

    /// <summary>A reader positioned on the captured value.</summary>
    public Utf8JsonReader Open(ReadOnlySpan<byte> record, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(record.Slice(Start, Length), options);
        reader.Read();
        return reader;
    }
}
