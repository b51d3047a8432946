using System.Buffers.Binary;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Security.Cryptography;

namespace PipesLake.Replay.Runs;

internal sealed partial class RedriveRunner
{
    /// <summary>Where a written batch's marker lies: <c>.pipeslake/redrive/&lt;batch&gt;.done</c>.</summary>
    internal const string MarkerFolder = LakeFolder.StateFolder + "/redrive/";

    /// <summary>
    /// The error objects since the last batch was written, in their order, and their lines by prefix: for each data
    /// partition, and for each error prefix their records that failed again. Written once it holds
    /// <see cref="BatchBytes"/> of lines (and at the end): each prefix's lines become one object, named by a hash of its
    /// prefix and lines; the lake is made durable; then a marker names the batch's error objects by content, so that any
    /// later run takes their lines as written; then each object is counted and handed to <c>done</c> (moved, in a bucket). Which objects a batch holds follows from the objects and the markers alone, so
    /// a run cut short before its marker is rerun with the same batch, and finds the objects it had written.
    /// </summary>
    private sealed class Batch(RedriveRunner runner)
    {
        private readonly List<ObjectResult> _members = [];
        private readonly List<UInt128> _contents = [];
        private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

        /// <summary>Lines held.</summary>
        public long Bytes { get; private set; }

        /// <summary>
        /// An object's result, in the objects' order. Its lines join the batch unless a marker says they are written;
        /// its failed-again records are counted as such either way, once.
        /// </summary>
        public void Add(ObjectResult result)
        {
            _members.Add(result);
            if (result.Lines.Count == 0)
            {
                return;
            }

            // Written by an earlier run (a marker says so), or by this one: an object of the same content came before.
            if (runner._written.Contains(result.Content) || !runner._taken.Add(result.Content))
            {
                result.AlreadyWritten += result.Lines.Where(g => g.IsData).Sum(g => g.Records);
                result.Lines.ForEach(g => g.Bytes.Release());
                result.Lines.Clear();
                return;
            }

            foreach (Group lines in result.Lines)
            {
                if (!_groups.TryGetValue(lines.Prefix, out Group? group))
                {
                    group = new Group(lines.Prefix, lines.Table, lines.IsData, runner._buffers);
                    _groups.Add(lines.Prefix, group);
                }

                Bytes += lines.Bytes.Length;
                group.Absorb(lines);
                lines.Bytes.Release();
            }

            result.Lines.Clear();
            _contents.Add(result.Content);
        }

        /// <summary>Writes the batch's partitions, makes them durable, marks the batch, and finishes its objects.</summary>
        public void Write()
        {
            if (_groups.Count > 0)
            {
                Group[] groups = [.. _groups.Values];
                var outcomes = new (LakeWrite Outcome, long Bytes)[groups.Length];
                try
                {
                    Parallel.For(0, groups.Length, new ParallelOptions { MaxDegreeOfParallelism = runner._lake.Writers }, i => outcomes[i] = Put(groups[i]));
                }
                catch (AggregateException e)
                {
                    // The first failure as itself: one line for the user (a lost connection, a full disk), as a run without threads would give.
                    ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                }

                for (int i = 0; i < groups.Length; i++)
                {
                    runner._summary.Bytes += outcomes[i].Bytes;
                    runner._summary.ObjectsWritten += outcomes[i].Outcome == LakeWrite.AlreadyThere ? 0 : 1;
                    if (!groups[i].IsData)
                    {
                        // Failed-again records are counted as such already, written or found.
                        continue;
                    }

                    runner._partitions.Add(System.IO.Hashing.XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(groups[i].Prefix)));
                    if (outcomes[i].Outcome == LakeWrite.AlreadyThere)
                    {
                        runner._summary.AlreadyWritten += groups[i].Records;
                    }
                    else
                    {
                        runner._summary.Redriven += groups[i].Records;
                    }
                }

                // Durable before the marker, and the marker before any object is handled (moved).
                runner._lake.Flush();
                runner._lake.PutState(MarkerFolder + Id() + ".done", JsonSerializer.SerializeToUtf8Bytes(_contents.ConvertAll(Hex), JournalJson.Default.ListString));
            }

            _members.ForEach(runner.Finish);
            foreach (Group group in _groups.Values)
            {
                group.Bytes.Release();
            }
        }

        private (LakeWrite, long) Put(Group group)
        {
            string identity = $"-redrive-{group.Hash()}";
            // The stream's name makes the name Firehose-like; the hash alone says which object it is, so a rerun with
            // another stack file (another stream name) or compression finds it too.
            string key = $"{group.Prefix}{runner._tables.StreamOf(group.Table)}{identity}";
            return group.IsData && runner._conversions?.Of(group.Table) is { } conversion
                ? conversion.Conversion.Put(runner._lake, key, group.Bytes.ToArray(), identity)
                : group.PutInto(runner._lake, key, runner._options.Gzip, identity);
        }

        /// <summary>The batch's name: a hash of its objects' contents, in order.</summary>
        private string Id() => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join('\n', _contents.Select(Hex)))).AsSpan(0, 16));

        private static string Hex(UInt128 content)
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128BigEndian(bytes, content);
            return Convert.ToHexStringLower(bytes);
        }

        /// <summary>The contents of every error object whose lines an earlier run's batch wrote into this lake.</summary>
        public static HashSet<UInt128> Markers(IObjectStore lake)
        {
            var written = new HashSet<UInt128>();
            foreach (string key in lake.StateKeys(MarkerFolder).Where(k => k.EndsWith(".done", StringComparison.Ordinal)))
            {
                if (lake.ReadState(key) is { } bytes && JsonSerializer.Deserialize(bytes, JournalJson.Default.ListString) is { } contents)
                {
                    written.UnionWith(contents.Where(c => c.Length == 32).Select(c => BinaryPrimitives.ReadUInt128BigEndian(Convert.FromHexString(c))));
                }
            }

            return written;
        }
    }
}
