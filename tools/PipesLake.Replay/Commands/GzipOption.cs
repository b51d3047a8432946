using System.CommandLine;

namespace PipesLake.Replay.Commands;

/// <summary>The shared <c>--gzip true|false</c> option of the commands that write objects.</summary>
internal static class GzipOption
{
    public static Option<bool?> Create() => new("--gzip")
    {
        Description = "Write GZIP objects (.gz), as the delivery stream does with GZIP compression (default: the stack's compression).",
        // A bare --gzip means true; the help shows the value it takes, as the README documents it.
        HelpName = "true|false",
    };
}
