using System.Text.Json.Serialization;
using Amazon.Lambda.KinesisFirehoseEvents;

namespace PipesLake.Partitioner;

/// <summary>
/// Source-generated serialization for the handler's request and response: no reflection at cold start.
/// </summary>
/// <remarks>
/// <see cref="Amazon.Lambda.Serialization.SystemTextJson.SourceGeneratorLambdaJsonSerializer{TSGContext}"/>
/// uses this context's <c>Default</c> options, and several event properties carry no JSON name of their
/// own, so camelCase is declared here to match Firehose's field names.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KinesisFirehoseEvent))]
[JsonSerializable(typeof(KinesisFirehoseResponse))]
public sealed partial class PartitionerJsonContext : JsonSerializerContext;
