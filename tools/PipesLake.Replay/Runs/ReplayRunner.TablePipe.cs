using System.Buffers;
using System.Text.Json;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Runs;

internal sealed partial class ReplayRunner
{
    /// <summary>One table's pipe in one worker: its filter and template, its stream's batch and prefixes.</summary>
    private sealed class TablePipe
    {
        private const int MaxDecisions = 1024;

        private readonly ArrayBufferWriter<byte> _filtered = new(1024);
        private readonly Dictionary<ulong, (byte[] Kept, bool Passes)> _decisions = [];

        public TablePipe(TableRoute route)
        {
            Route = route;
            Patterns = [.. PipeDefinitions.FilterPatterns(route.Table).Select(EventPattern.Parse)];
            Template = InputTemplate.Parse(PipeDefinitions.InputTemplate(route.Table), route.Variables);
            Prefixes = new DataPrefixes(route.Table);
            FilterNames = [.. Patterns.SelectMany(p => p.Fields).Distinct(StringComparer.Ordinal)];
        }

        public TableRoute Route { get; }

        public EventPattern[] Patterns { get; }

        public InputTemplate Template { get; }

        public DataPrefixes Prefixes { get; }

        public RenderedBatch Batch { get; } = new();

        /// <summary>The top-level fields the filter looks at.</summary>
        public string[] FilterNames { get; }

        /// <summary>Where <see cref="FilterNames"/> are in the worker's view.</summary>
        public int[] FilterFields { get; set; } = [];

        /// <summary>
        /// The filter's decision on the fields it names. Records hold few distinct values there (an event name, a
        /// principal), so decisions are kept by those bytes: the same bytes, the same decision, without a document.
        /// </summary>
        public bool Passes(ReadOnlySpan<byte> record, RecordView view)
        {
            _filtered.ResetWrittenCount();
            view.WriteKept(record, FilterFields, _filtered);
            ReadOnlySpan<byte> kept = _filtered.WrittenSpan;
            ulong hash = System.IO.Hashing.XxHash64.HashToUInt64(kept);
            if (_decisions.TryGetValue(hash, out (byte[] Kept, bool Passes) known) && kept.SequenceEqual(known.Kept))
            {
                return known.Passes;
            }

            bool passes;
            using (JsonDocument document = JsonDocument.Parse(kept.ToArray()))
            {
                passes = Patterns.Any(p => p.Matches(document.RootElement));
            }

            if (_decisions.Count == MaxDecisions)
            {
                _decisions.Clear();
            }

            _decisions[hash] = (kept.ToArray(), passes);
            return passes;
        }

        public bool PassesWhole(ReadOnlySpan<byte> record)
        {
            using JsonDocument document = JsonDocument.Parse(record.ToArray());
            return Patterns.Any(p => p.Matches(document.RootElement));
        }
    }
}
