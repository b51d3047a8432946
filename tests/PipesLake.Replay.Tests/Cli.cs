namespace PipesLake.Replay.Tests;

/// <summary>Runs <c>pipeslake-replay</c> in process and keeps what it wrote.</summary>
internal static class Cli
{
    /// <summary>Runs the tool; its exit code and what it wrote to stderr (stdout goes where <see cref="Console.Out"/> is now).</summary>
    public static (int Code, string Errors) Run(params string[] args)
    {
        var errors = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(errors);
        try
        {
            return (Program.Main(args), errors.ToString().TrimEnd());
        }
        finally
        {
            Console.SetError(original);
        }
    }

    /// <summary>Runs the tool; its exit code and what it wrote to stdout and stderr.</summary>
    public static (int Code, string Output, string Errors) RunWithOutput(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        TextWriter originalOut = Console.Out, originalError = Console.Error;
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            return (Program.Main(args), output.ToString(), errors.ToString().TrimEnd());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
