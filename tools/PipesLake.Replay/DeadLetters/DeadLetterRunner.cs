using System.Buffers;
using PipesLake.Blueprint;

namespace PipesLake.Replay.DeadLetters;

/// <summary>
/// Turns a pipe's dead-letter messages into the records they stand for: reads every message, refuses by name what is no
/// batch of the stack's tables, reads each batch once (however many messages name it) back from its stream, shard by
/// shard in order, and writes the records as stream records, each once, to one file that <c>replay</c> takes. The file
/// is written whole or not at all, so a run cut short leaves the last complete file (or none) and a rerun writes it again.
/// </summary>
/// <param name="settings">The stack's settings: which tables a message may name.</param>
/// <param name="clientFor">The DynamoDB Streams client for a region; the runner disposes none (the caller does).</param>
internal sealed class DeadLetterRunner(LakeSettings settings, Func<string, StreamsClient> clientFor)
{
    private long _records;

    /// <summary>Records read back so far, for progress lines.</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Reads the messages in <paramref name="inputs"/> (files; a folder's files in name order) and writes <paramref name="output"/>.</summary>
    public DeadLetterSummary Run(IReadOnlyList<string> inputs, string output)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var summary = new DeadLetterSummary { Output = Path.GetFullPath(output) };
        var positions = new List<BatchPosition>();
        foreach (string input in Files(inputs))
        {
            DeadLetterMessages.Read(input, File.ReadAllText(input), positions, summary.Refused);
        }

        if (positions.Count == 0 && summary.Refused.Count == 0)
        {
            // As redrive with no error object: an empty queue's receive loop, or the wrong folder; nothing to write.
            throw new ReplayException($"no dead-letter message in {string.Join(", ", inputs.Select(i => $"'{i}'"))}: nothing to read back.");
        }

        summary.Messages = positions.Count;
        var tables = new Runs.StackTables(settings);
        var batches = new List<BatchPosition>();
        var seen = new HashSet<(string, string, string, string)>();
        foreach (BatchPosition position in positions)
        {
            if (!settings.AnyTable && settings.Table(position.Table) is null)
            {
                summary.Refused.Add($"{position.Message}: the stream of the table '{position.Table}', which is not {tables.Choices}");
            }
            else if (!seen.Add(position.Range))
            {
                summary.Duplicates++;
            }
            else
            {
                batches.Add(position);
            }
        }

        batches.Sort(BatchPosition.Compare);
        AtomicFile.RemoveLeftovers(summary.Output);
        using var file = new AtomicFile(summary.Output);
        var line = new ArrayBufferWriter<byte>();
        string? shard = null;
        string? writtenThrough = null;
        foreach (BatchPosition batch in batches)
        {
            // Batches of one shard come in turn: what the last wrote is where this one's new records start.
            string key = batch.StreamArn + "|" + batch.ShardId;
            if (!string.Equals(key, shard, StringComparison.Ordinal))
            {
                (shard, writtenThrough) = (key, null);
            }

            BatchRead read = new ShardReader(clientFor(batch.Region)).Read(batch, ref writtenThrough, record =>
            {
                line.Clear();
                StreamRecordLine.Write(record, batch.StreamArn, line);
                line.Write("\n"u8);
                file.Write(line.WrittenSpan);
                Interlocked.Increment(ref _records);
            });
            summary.Batches.Add(read);
            summary.Records += read.Written;
        }

        file.Commit();
        return summary;
    }

    private static IEnumerable<string> Files(IReadOnlyList<string> inputs)
    {
        foreach (string input in inputs)
        {
            if (Directory.Exists(input))
            {
                foreach (string file in Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else if (File.Exists(input))
            {
                yield return input;
            }
            else
            {
                throw new ReplayException($"cannot read the dead-letter messages '{input}': no such file or folder.");
            }
        }
    }
}
