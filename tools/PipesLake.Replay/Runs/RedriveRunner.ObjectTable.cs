using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

internal sealed partial class RedriveRunner
{
    /// <summary>
    /// What a worker uses for the objects of one table: the function with the table's rules as the stack file gives
    /// them now, not the ones a record carried when it failed (a redrive follows a fix, which may be the rules
    /// themselves: a table's siteAttribute set right), its prefixes, its stream's name, its conversion in a Parquet lake.
    /// </summary>
    private sealed class ObjectTable(TableSettings table, RedriveRunner runner)
    {
        public TableSettings Settings { get; } = table;

        public FirehoseBatchTransformer Decoder { get; } = new(table.FunctionOptions);

        public RecordTransformer Function { get; } = new(table.FunctionOptions);

        public DataPrefixes DataPrefixes { get; } = new(table);

        public PrefixExpression ErrorPrefix { get; } = PrefixExpression.Parse(LakePrefixes.Error(table));

        public string Stream { get; } = runner._tables.StreamOf(table);

        public ConversionCheck? Conversion { get; } = runner._conversions?.Of(table);
    }
}
