using System.Text.Json;

namespace PipesLake.Partitioning;

/// <summary>DynamoDB event names as the one-letter operation of a lake line.</summary>
internal static class Operations
{
    /// <summary><c>I</c>, <c>U</c> or <c>D</c> for the string token the reader is on; 0 for anything else.</summary>
    public static byte Read(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("INSERT"u8) ? (byte)'I'
        : reader.ValueTextEquals("MODIFY"u8) ? (byte)'U'
        : reader.ValueTextEquals("REMOVE"u8) ? (byte)'D'
        : (byte)0;
}
