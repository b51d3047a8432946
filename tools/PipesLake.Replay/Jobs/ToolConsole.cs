namespace PipesLake.Replay.Jobs;

/// <summary>
/// Where the tool reads and writes: standard input and output, the summary's writer and the error writer, and whether
/// each writer is a terminal (a terminal gets progress and a table as wide as it is; a log or a pipe neither). The
/// program hands in the process's; a test hands in its own, and reads what was written.
/// </summary>
/// <param name="Out">Summaries and query rows.</param>
/// <param name="Error">One-line errors, warnings and progress.</param>
/// <param name="OpenInput">Standard input, for <c>-</c>.</param>
/// <param name="OpenOutput">Standard output as bytes (a transform's response, a sample).</param>
/// <param name="OutIsTerminal">Whether <paramref name="Out"/> is a terminal.</param>
/// <param name="ErrorIsTerminal">Whether <paramref name="Error"/> is a terminal.</param>
internal sealed record ToolConsole(TextWriter Out, TextWriter Error, Func<Stream> OpenInput, Func<Stream> OpenOutput, bool OutIsTerminal, bool ErrorIsTerminal)
{
    /// <summary>The process's console.</summary>
    public static ToolConsole System() =>
        new(Console.Out, Console.Error, Console.OpenStandardInput, Console.OpenStandardOutput, !Console.IsOutputRedirected, !Console.IsErrorRedirected);

    /// <summary>A console of two writers, neither a terminal, with <paramref name="input"/> as standard input.</summary>
    public static ToolConsole Of(TextWriter output, TextWriter error, Func<Stream>? input = null, Func<Stream>? binaryOutput = null) =>
        new(output, error, input ?? (() => Stream.Null), binaryOutput ?? (() => Stream.Null), false, false);

    /// <summary>Writes one line of the tool's own on the error writer: <c>pipeslake-replay: …</c>.</summary>
    public void Say(string message) => Error.WriteLine($"pipeslake-replay: {message.ReplaceLineEndings(" ")}");
}
