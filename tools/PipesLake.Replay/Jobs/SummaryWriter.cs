using Spectre.Console;

namespace PipesLake.Replay.Jobs;

/// <summary>
/// Prints a run's summary on the console's <see cref="ToolConsole.Out"/>: counts only, never payload. A table on a
/// terminal is as wide as the terminal; elsewhere (a log, a pipe) it is never wrapped and has no colour codes.
/// </summary>
internal sealed class SummaryWriter(ToolConsole console, string lakeRoot)
{
    /// <summary>The table of counts.</summary>
    public void Table(Table table)
    {
        bool terminal = console.OutIsTerminal;
        IAnsiConsole ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal)
        {
            ansi.Profile.Width = 1_000;
        }

        ansi.Write(table);
    }

    /// <summary>
    /// The first 20 of <paramref name="places"/> after <paramref name="label"/>, when there are any. Plain lines,
    /// never wrapped: a line number or an object key must stay whole in a log or a pipe.
    /// </summary>
    public void Places<T>(string label, IReadOnlyCollection<T> places)
    {
        if (places.Count > 0)
        {
            console.Out.WriteLine($"{label} {string.Join(", ", places.Take(20))}{(places.Count > 20 ? ", …" : string.Empty)}");
        }
    }

    /// <summary>A plain line of the summary.</summary>
    public void Line(string line) => console.Out.WriteLine(line);

    /// <summary>A warning: one line on stderr, not part of the summary.</summary>
    public void Warn(string warning) => console.Say($"warning: {warning}");

    /// <summary>The last line of a summary: where the lake is, a full path or an s3:// URI.</summary>
    public void Lake() => console.Out.WriteLine($"lake: {lakeRoot}");

    /// <summary>The table, the places of input not used, and the lake.</summary>
    public void Finish<T>(Table table, string unusedLabel, IReadOnlyCollection<T> unused)
    {
        Table(table);
        Places(unusedLabel, unused);
        Lake();
    }
}
