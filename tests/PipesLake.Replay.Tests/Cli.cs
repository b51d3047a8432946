namespace PipesLake.Replay.Tests;

/// <summary>Runs <c>pipeslake-replay</c> in process and keeps what it wrote to stderr.</summary>
internal static class Cli
{
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
}
