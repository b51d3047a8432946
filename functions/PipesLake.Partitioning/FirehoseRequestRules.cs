using System.Text.Json;

namespace PipesLake.Partitioning;

/// <summary>
/// What makes a Firehose transformation request unanswerable, worded once for the deployed function and
/// the local <c>transform</c>, which must accept and refuse the same requests. A refused request fails
/// the invocation: Firehose retries it and then writes every record under its error prefix, so no
/// record is lost, and none is ever answered <c>Ok</c> under an id Firehose cannot match.
/// </summary>
public static class FirehoseRequestRules
{
    /// <summary>No <c>records</c> array, or <c>records: null</c>.</summary>
    public static JsonException NoRecords() => Refuse("it has no records array");

    /// <summary>An element of <c>records</c> that is not an object.</summary>
    public static JsonException RecordNotAnObject(int index) => Refuse($"records[{index}] is not an object");

    /// <summary>A record without a string <c>recordId</c>.</summary>
    public static JsonException NoRecordId(int index) => Refuse($"records[{index}] has no recordId");

    /// <summary>A field the function reads holds the wrong JSON type.</summary>
    public static JsonException WrongType(string field) => Refuse($"{field} is not a string");

    private static JsonException Refuse(string rule) => new($"Not a Firehose transformation request: {rule}.");
}
