using System.Security.Cryptography;
using System.Text;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Runs;

internal sealed partial class RedriveRunner
{
    /// <summary>
    /// The lines bound for one object, named by a hash of its prefix and content: an error object's failed-again records
    /// for one error prefix, or lines for one data partition (an object's, then its batch's).
    /// </summary>
    /// <param name="prefix">Where the object goes.</param>
    /// <param name="table">The table whose lines these are.</param>
    /// <param name="isData">Lines for <c>data/</c>; else error records for <c>errors/</c>.</param>
    /// <param name="pool">
    /// Where the group takes its blocks from: the runner's, for an error object's lines (given back once its batch has
    /// them) and for a batch's.
    /// </param>
    private sealed class Group(string prefix, TableSettings table, bool isData, Blocks pool)
    {
        public string Prefix { get; } = prefix;

        /// <summary>The table whose lines these are.</summary>
        public TableSettings Table { get; } = table;

        /// <summary>Lines for a data partition; else error records for an error prefix.</summary>
        public bool IsData { get; } = isData;

        public BlockBytes Bytes { get; } = new(pool);

        public long Records { get; private set; }

        /// <summary>Puts the group's bytes into <paramref name="lake"/> as one object, through a stream over them (no copy).</summary>
        public (LakeWrite Outcome, long Bytes) PutInto(IObjectStore lake, string key, bool gzip, string identity)
        {
            using Stream content = Bytes.AsStream();
            return lake.Put(key, content, gzip, identity);
        }

        public void Append(ReadOnlySpan<byte> bytes, bool newRecord)
        {
            Bytes.Write(bytes);
            Records += newRecord ? 1 : 0;
        }

        /// <summary>Adds another group's lines (an object's, of this partition) after this one's.</summary>
        public void Absorb(Group other)
        {
            Bytes.Write(other.Bytes);
            Records += other.Records;
        }

        /// <summary>The hash of the prefix and the lines, as the object's name carries it. Hashed once, when it is named.</summary>
        public string Hash()
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(Encoding.UTF8.GetBytes(Prefix + "\n"));
            foreach (ReadOnlyMemory<byte> segment in Bytes.Segments())
            {
                hash.AppendData(segment.Span);
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 16));
        }
    }
}
