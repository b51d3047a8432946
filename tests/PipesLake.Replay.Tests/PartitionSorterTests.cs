using System.Text;

namespace PipesLake.Replay.Tests;

/// <summary>
/// The sorter's bounds: run files are merged a few at a time and read through one small buffer, yet every
/// partition's lines come out whole and in input order.
/// </summary>
public sealed class PartitionSorterTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), $"pipeslake-sorter-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TestCase(128)]
    [TestCase(3)]
    [TestCase(2)]
    public void Merge_GivesEachPrefixItsLinesInInputOrder_WholeLines_WhateverTheRunsMergedAtOnce(int maxRunsMerged)
    {
        // 60 units of 3 prefixes; every 7th line is 300,000 bytes, longer than the merge's 256 KiB read buffer.
        var expected = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var emitted = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var pieces = new List<string>();
        var sorter = new PartitionSorter(_folder, memoryBytes: 64 << 10, maxRunsMerged: maxRunsMerged);
        try
        {
            // Units are added out of order, as workers finish them.
            foreach (int unit in Enumerable.Range(0, 60).OrderBy(u => (u * 37) % 60))
            {
                var bytes = new List<byte>();
                var lines = new List<(string Prefix, int Start, int Length)>();
                for (int i = 0; i < 9; i++)
                {
                    string prefix = $"data/p{(unit + i) % 3}/";
                    string line = i % 7 == 0 ? new string((char)('a' + (unit % 26)), 300_000) + "\n" : $"u{unit}-l{i}\n";
                    lines.Add((prefix, bytes.Count, line.Length));
                    bytes.AddRange(Encoding.ASCII.GetBytes(line));
                }

                sorter.Add(unit, 0, bytes.ToArray(), lines);
            }

            sorter.Merge((prefix, bytes) =>
            {
                string text = Encoding.ASCII.GetString(bytes);
                pieces.Add(text);
                (emitted.TryGetValue(prefix, out StringBuilder? b) ? b : emitted[prefix] = new StringBuilder()).Append(text);
            });

            Assert.That(sorter.Runs, Is.GreaterThan(Math.Min(maxRunsMerged, 50)), "runs spilled (and, below 128, more than are merged at once)");
        }
        finally
        {
            sorter.Dispose();
        }

        for (int unit = 0; unit < 60; unit++)
        {
            for (int i = 0; i < 9; i++)
            {
                string prefix = $"data/p{(unit + i) % 3}/";
                string line = i % 7 == 0 ? new string((char)('a' + (unit % 26)), 300_000) + "\n" : $"u{unit}-l{i}\n";
                (expected.TryGetValue(prefix, out StringBuilder? b) ? b : expected[prefix] = new StringBuilder()).Append(line);
            }
        }

        Assert.That(emitted.Keys, Is.EqualTo(new[] { "data/p0/", "data/p1/", "data/p2/" }));
        Assert.That(emitted.ToDictionary(p => p.Key, p => p.Value.ToString()), Is.EqualTo(expected.ToDictionary(p => p.Key, p => p.Value.ToString())));
        Assert.That(pieces, Has.All.EndsWith("\n"), "pieces of whole lines");
        Assert.That(Directory.Exists(_folder), Is.False, "run files removed");
    }

    [Test]
    public void Add_CountsPrefixesAndEntriesAgainstTheMemory_SoManyPartitionsSpillAsOften()
    {
        // 2,000 units of one 10-byte line, each under its own 100-byte prefix: an entry holds 100 + 10 bytes and
        // costs 32 in the entry list, 142 in all. 64 KiB is full after 462 (461 x 142 = 65,462 < 65,536), so the
        // first 1,848 entries spill as 4 runs and 152 stay in memory. Counting the lines alone (10 bytes each),
        // nothing would spill, and the prefixes, one string per line, would grow with the partitions.
        var sorter = new PartitionSorter(_folder, memoryBytes: 64 << 10);
        var emitted = new List<string>();
        try
        {
            for (int unit = 0; unit < 2000; unit++)
            {
                string prefix = $"data/{unit:D4}/".PadRight(100, 'x');
                sorter.Add(unit, 0, Encoding.ASCII.GetBytes($"line-{unit:D4}\n"), [(prefix, 0, 10)]);
            }

            sorter.Merge((prefix, bytes) => emitted.Add(prefix[5..9] + ":" + Encoding.ASCII.GetString(bytes)));
            Assert.That(sorter.Runs, Is.EqualTo(4));
        }
        finally
        {
            sorter.Dispose();
        }

        Assert.That(emitted, Is.EqualTo(Enumerable.Range(0, 2000).Select(u => $"{u:D4}:line-{u:D4}\n")));
    }
}
