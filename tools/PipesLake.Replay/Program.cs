using System.CommandLine;

namespace PipesLake.Replay;

/// <summary><c>pipeslake-replay</c>: replay, transform, redrive, query, backfill and sample.</summary>
internal static class Program
{
    internal static int Main(string[] args)
    {
        var root = new RootCommand("PipesLake's data path on one machine, with the definitions the stack deploys.")
        {
            ReplayCommand.Create(),
            TransformCommand.Create(),
            RedriveCommand.Create(),
            QueryCommand.Create(),
            BackfillCommand.Create(),
            SampleCommand.Create(),
        };
        ParseResult result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            // One line, like every other error of the tool; --help shows the usage.
            Console.Error.WriteLine($"pipeslake-replay: {result.Errors[0].Message} (see --help)");
            return CommandErrors.UsageError;
        }

        return result.Invoke();
    }
}
