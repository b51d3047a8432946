using System.Text.Json;

namespace PipesLake.Partitioning.Tests;

/// <summary>Reads the records of a Firehose transformation request from <c>Fixtures/</c>.</summary>
internal static class FirehoseFixture
{
    public static List<FirehoseInputRecord> Records(string name)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name)));
        return document.RootElement.GetProperty("records").EnumerateArray()
            .Select(r => new FirehoseInputRecord(r.GetProperty("recordId").GetString()!, r.GetProperty("data").GetString()))
            .ToList();
    }
}
