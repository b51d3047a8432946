using System.Text.Json.Serialization;
using Amazon.Lambda.KinesisFirehoseEvents;

namespace PipesLake.Partitioner;

/// <summary>
/// Source-generated serialization for the handler's request and response: no reflection at cold start.
/// </summary>
/// <remarks>
/// <see cref="PartitionerSerializer"/> builds this context on Amazon's own options (its naming policy
/// keeps C# names, so every property carries its JSON name), with exact-case matching.
/// </remarks>
[JsonSerializable(typeof(FirehoseRequest))]
[JsonSerializable(typeof(KinesisFirehoseResponse))]
// Amazon's event and response each nest a type named FirehoseRecord; a context that holds both must
// name them apart or the generator reports SYSLIB1031. The response's gets its own name here.
[JsonSerializable(typeof(KinesisFirehoseResponse.FirehoseRecord), TypeInfoPropertyName = "ResponseFirehoseRecord")]
[JsonSerializable(typeof(IList<KinesisFirehoseResponse.FirehoseRecord>), TypeInfoPropertyName = "ResponseFirehoseRecordList")]
public sealed partial class PartitionerJsonContext : JsonSerializerContext;
