namespace PipesLake.Partitioning;

/// <summary>Reads a type tag from its raw UTF-8 property name.</summary>
internal static class AttributeTypes
{
    public static AttributeType Parse(ReadOnlySpan<byte> tag) => tag switch
    {
        [(byte)'S'] => AttributeType.S,
        [(byte)'N'] => AttributeType.N,
        [(byte)'B'] => AttributeType.B,
        [(byte)'M'] => AttributeType.M,
        [(byte)'L'] => AttributeType.L,
        [(byte)'S', (byte)'S'] => AttributeType.SS,
        [(byte)'N', (byte)'S'] => AttributeType.NS,
        [(byte)'B', (byte)'S'] => AttributeType.BS,
        _ when tag.SequenceEqual("BOOL"u8) => AttributeType.Bool,
        _ when tag.SequenceEqual("NULL"u8) => AttributeType.Null,
        _ => AttributeType.Unknown,
    };
}
