namespace PipesLake.Replay.Tests;

/// <summary>Runs <c>pipeslake-replay</c> in process on a console of its own, and keeps what it wrote.</summary>
internal static class Cli
{
    /// <summary>Runs the tool; its exit code and what it wrote to stderr.</summary>
    public static (int Code, string Errors) Run(params string[] args)
    {
        (int code, _, string errors) = RunWithOutput(args);
        return (code, errors);
    }

    /// <summary>Runs the tool; its exit code and what it wrote to stdout and stderr.</summary>
    public static (int Code, string Output, string Errors) RunWithOutput(params string[] args) => RunWithInput(null, args);

    /// <summary>Runs the tool with <paramref name="input"/> as standard input (none when null); its exit code and what it wrote.</summary>
    public static (int Code, string Output, string Errors) RunWithInput(Func<Stream>? input, params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = Program.Run(args, ToolConsole.Of(output, errors, input));
        return (code, output.ToString(), errors.ToString().TrimEnd());
    }
}
