using System.CommandLine;

namespace PipesLake.Replay;

/// <summary><c>pipeslake-replay</c>: replay, transform and sample.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("PipesLake's data path on one machine, with the definitions the stack deploys.")
        {
            ReplayCommand.Create(),
            TransformCommand.Create(),
            SampleCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
