using System.Text.Json.Serialization;

namespace PipesLake.Replay.Lake;

/// <summary>The run journal's and the lease's JSON, source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RunJournal.Entry))]
[JsonSerializable(typeof(LeaseHolder))]
internal sealed partial class JournalJson : JsonSerializerContext;
