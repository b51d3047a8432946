using System.CommandLine;

namespace PipesLake.Replay.Commands;

/// <summary>The shared <c>--table</c> option: which of the stack's tables an input without its own table name is of.</summary>
internal static class TableOption
{
    public static Option<string?> Create(string description) => new("--table")
    {
        Description = description,
        HelpName = "name",
    };
}
