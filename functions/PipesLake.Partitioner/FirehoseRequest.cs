using System.Text.Json.Serialization;

namespace PipesLake.Partitioner;

/// <summary>
/// A Firehose transformation request, holding only the fields the function reads. Amazon's
/// <c>KinesisFirehoseEvent</c> also binds <c>approximateArrivalTimestamp</c> to a <c>long</c>, so a request
/// whose timestamp is not an integer would fail the whole invocation over a field nothing reads.
/// </summary>
public sealed record FirehoseRequest
{
    /// <summary>Firehose's id of this invocation; logged.</summary>
    [JsonPropertyName("invocationId")]
    public string? InvocationId { get; init; }

    /// <summary>The records, in order.</summary>
    [JsonPropertyName("records")]
    public IReadOnlyList<FirehoseRequestRecord?>? Records { get; init; }
}
