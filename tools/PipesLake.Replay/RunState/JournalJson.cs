using System.Text.Json.Serialization;

namespace PipesLake.Replay.RunState;

/// <summary>The run journal's, the lease's and redrive's batch markers' JSON, source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RunJournal.Entry))]
[JsonSerializable(typeof(LeaseHolder))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class JournalJson : JsonSerializerContext;
