namespace PipesLake.Replay;

/// <summary>A problem the user can fix (bad input, bad option, unsupported pattern): printed as one line, exit code 2.</summary>
internal sealed class ReplayException : Exception
{
    public ReplayException(string message)
        : base(message)
    {
    }

    public ReplayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
