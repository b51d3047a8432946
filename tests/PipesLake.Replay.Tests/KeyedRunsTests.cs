using System.Text;

namespace PipesLake.Replay.Tests;

/// <summary>Reconcile's sort: records spilled in sorted runs, merged back in key order with their payloads.</summary>
public sealed class KeyedRunsTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("pipeslake-keyed-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void RecordsOfSeveralWritersAndRuns_MergeInKeyOrder_EachWithItsPayload()
    {
        var random = new Random(7);
        var expected = new List<(string Key, string Payload)>();
        using var first = new KeyedRuns(_folder, "a", memoryBytes: 4096);
        using var second = new KeyedRuns(_folder, "b", memoryBytes: 4096);
        for (int i = 0; i < 5_000; i++)
        {
            string key = $"item-{random.Next(100_000)}";
            string payload = $"p{i}";
            (i % 3 == 0 ? first : second).Add(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(payload));
            expected.Add((key, payload));
        }

        var merged = new List<(string Key, string Payload)>();
        using (var merge = new KeyedMerge(first.Runs().Concat(second.Runs())))
        {
            while (merge.MoveNext())
            {
                merged.Add((Encoding.UTF8.GetString(merge.Key), Encoding.UTF8.GetString(merge.Payload)));
            }
        }

        // Several runs were written to disk, one is still in memory.
        Assert.That(Directory.GetFiles(_folder, "*.run"), Has.Length.GreaterThan(4));
        Assert.That(merged.Select(r => r.Key), Is.Ordered.Using<string>(StringComparer.Ordinal));
        Assert.That(merged.OrderBy(r => r.Payload, StringComparer.Ordinal), Is.EqualTo(expected.OrderBy(r => r.Payload, StringComparer.Ordinal)));
    }

    [Test]
    public void NoRecords_MergeToNothing()
    {
        using var runs = new KeyedRuns(_folder, "a", memoryBytes: 4096);
        using var merge = new KeyedMerge(runs.Runs());

        Assert.That(merge.MoveNext(), Is.False);
    }

    [Test]
    public void Dispose_RemovesItsRunFiles()
    {
        using (var runs = new KeyedRuns(_folder, "a", memoryBytes: 64))
        {
            for (int i = 0; i < 20; i++)
            {
                runs.Add(Encoding.UTF8.GetBytes($"k{i}"), Encoding.UTF8.GetBytes("payload-bytes"));
            }

            Assert.That(Directory.GetFiles(_folder), Is.Not.Empty);
        }

        Assert.That(Directory.GetFiles(_folder), Is.Empty);
    }
}
