using System.Text;
using System.Text.Json;

namespace PipesLake.Replay.Tests;

/// <summary>How the suites read moto's recording, which the operator-policy judgement rests on.</summary>
public sealed class S3RecordingTests
{
    [Test]
    public void Recording_EntriesWrittenBetweenAnotherEntryAndItsNewlineAreEachRead()
    {
        // What two server threads leave when the first entry outgrows Python's write buffer: its JSON, the second's
        // JSON with its newline, then the first's newline.
        byte[] recording = Encoding.UTF8.GetBytes(
            "{\"method\":\"PUT\",\"url\":\"http://127.0.0.1/b/a\"}{\"method\":\"GET\",\"url\":\"http://127.0.0.1/b/c\"}\n\n{\"method\":\"DELETE\",\"url\":\"http://127.0.0.1/b/d\"}\n");

        IReadOnlyList<JsonElement> entries = S3Server.RecordedEntries(recording);

        Assert.That(entries.Select(e => e.GetProperty("method").GetString()), Is.EqualTo(new[] { "PUT", "GET", "DELETE" }));
    }

    [Test]
    public void Recording_ADamagedEntryIsAnError()
    {
        byte[] recording = Encoding.UTF8.GetBytes("{\"method\":\"PUT\"}{\"method\":");

        Assert.That(() => S3Server.RecordedEntries(recording), Throws.InstanceOf<JsonException>());
    }
}
