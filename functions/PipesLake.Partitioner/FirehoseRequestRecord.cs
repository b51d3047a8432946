using System.Text.Json.Serialization;

namespace PipesLake.Partitioner;

/// <summary>One record of a <see cref="FirehoseRequest"/>.</summary>
public sealed record FirehoseRequestRecord
{
    /// <summary>Firehose's id, returned unchanged.</summary>
    [JsonPropertyName("recordId")]
    public string? RecordId { get; init; }

    /// <summary>Base64 of the record as the pipe sent it.</summary>
    [JsonPropertyName("data")]
    public string? Data { get; init; }
}
