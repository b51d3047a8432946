using System.CommandLine;
using System.CommandLine.Parsing;

namespace PipesLake.Replay;

/// <summary><c>pipeslake-replay</c>: replay, transform, redrive, query, backfill, reconcile, dlq and sample.</summary>
internal static class Program
{
    internal static int Main(string[] args)
    {
        ToolConsole console = ToolConsole.System();
        // Ctrl-C still ends the process at once: every object is complete under its name or not there, so
        // nothing needs undoing, and a rerun of the same command finishes the run. A command that only reads
        // (its sort runs go with the run's temporary folder, which the next run clears) has nothing to finish, and
        // neither has dlq: its one file is put in place whole at the end, or not at all.
        string interrupted = args.FirstOrDefault() is "query" or "reconcile" or "dlq"
            ? "interrupted; nothing was written (no report or records file either): rerun the same command."
            : "interrupted; rerun the same command to finish: what was written is found, nothing is written twice.";
        Console.CancelKeyPress += (_, _) => console.Say(interrupted);
        return Run(args, console);
    }

    /// <summary>Runs the tool with <paramref name="args"/> on <paramref name="console"/>; returns the exit code.</summary>
    internal static int Run(string[] args, ToolConsole console)
    {
        var root = new RootCommand("PipesLake's data path on one machine, with the definitions the stack deploys.")
        {
            ReplayCommand.Create(console),
            TransformCommand.Create(console),
            RedriveCommand.Create(console),
            QueryCommand.Create(console),
            BackfillCommand.Create(console),
            ReconcileCommand.Create(console),
            DlqCommand.Create(console),
            SampleCommand.Create(console),
        };
        ParseResult result = root.Parse(args);
        if (result.CommandResult.Command == root && result.Errors.Count > 0 && !args.Any(a => a is "--help" or "-h" or "-?" or "--version"))
        {
            // No command, or one that is not: name them, not the parser's "Required command was not provided".
            string commands = string.Join(", ", root.Subcommands.Select(c => c.Name));
            console.Say(args.FirstOrDefault(a => !a.StartsWith('-')) is { } unknown
                ? $"'{unknown}' is not a command; the commands are {commands} (see --help)"
                : $"a command is needed: {commands} (see --help)");
            return CommandErrors.UsageError;
        }

        if (result.Errors.Count > 0)
        {
            // One line, like every other error of the tool; --help shows the usage.
            console.Say($"{Message(result.Errors[0])} (see --help)");
            return CommandErrors.UsageError;
        }

        return result.Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error });
    }

    /// <summary>The parser's message, with what a value must be instead of a .NET type name.</summary>
    private static string Message(ParseError error)
    {
        if (error.SymbolResult is OptionResult { Option: { } option } result && result.Tokens.Count > 0
            && error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            Type type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
            string expected = type == typeof(DateTimeOffset) ? "a time such as 2024-01-01T00:00:00Z"
                : type == typeof(bool) ? "true or false"
                : "a whole number";
            return $"{option.Name} must be {expected}; got '{result.Tokens[^1].Value}'.";
        }

        return error.Message;
    }
}
