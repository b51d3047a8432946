using System.Text.Json.Serialization;

namespace PipesLake.Replay.Lake;

/// <summary>The run journal's JSON, source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RunJournal.Entry))]
internal sealed partial class JournalJson : JsonSerializerContext;
