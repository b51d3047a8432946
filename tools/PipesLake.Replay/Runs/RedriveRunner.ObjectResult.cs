using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

internal sealed partial class RedriveRunner
{
    /// <summary>What one error object came to: its counts, and its lines for <c>data/</c>, which its batch writes.</summary>
    private sealed class ObjectResult(ErrorObject item)
    {
        public ErrorObject Item { get; } = item;

        public string Relative => Item.Relative;

        /// <summary>Its content's hash (the bytes as read, decompressed): how a marker and a rerun know it, wherever it lies.</summary>
        public UInt128 Content { get; set; }

        /// <summary>Its lines for <c>data/</c> and its failed-again records for <c>errors/</c>, one group a prefix, until its batch takes them.</summary>
        public List<Group> Lines { get; } = [];

        public bool Handled { get; set; }

        public string Why { get; set; } = string.Empty;

        public long Records { get; set; }

        public List<string> MalformedLines { get; } = [];

        /// <summary>Error records of this object when it is left whole: none is used.</summary>
        public long Unused { get; set; }

        public long NotConverted { get; set; }

        /// <summary>Its data lines a marker says are in the lake already (an earlier run wrote its batch).</summary>
        public long AlreadyWritten { get; set; }

        public Dictionary<RecordFailure, long> FailedAgainByReason { get; } = [];

        /// <summary>
        /// The object is left whole: its error records (its lines that are not error records stay listed as such) count as
        /// unused, not as what they would have come to had it been used.
        /// </summary>
        public void LeaveWhole(string why)
        {
            Why = why;
            Unused = Records - MalformedLines.Count;
            NotConverted = 0;
            FailedAgainByReason.Clear();
            Lines.Clear();
        }
    }
}
