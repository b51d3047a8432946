namespace PipesLake.Blueprint;

/// <summary>One or more configuration values are invalid; each message names its key and the allowed values.</summary>
public sealed class SettingsException : Exception
{
    /// <summary>Creates the exception from every problem found.</summary>
    public SettingsException(IReadOnlyList<string> problems)
        : base("Invalid PipesLake configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception with a message.</summary>
    public SettingsException(string message)
        : base(message)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception.</summary>
    public SettingsException()
    {
        Problems = [];
    }

    /// <summary>Each problem, e.g. <c>pipeslake:bufferSizeMiB must be a whole number from 64 to 128; got '12'.</c></summary>
    public IReadOnlyList<string> Problems { get; }
}
