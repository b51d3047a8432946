namespace PipesLake.Blueprint.Filtering;

/// <summary>An event pattern EventBridge would refuse, or one with an operator PipesLake's filter does not implement: one line saying which.</summary>
public sealed class FilterPatternException : Exception
{
    /// <summary>A pattern problem.</summary>
    public FilterPatternException(string message)
        : base(message)
    {
    }

    /// <summary>A pattern problem found by another error (JSON that does not parse).</summary>
    public FilterPatternException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A pattern problem without words.</summary>
    public FilterPatternException()
    {
    }
}
