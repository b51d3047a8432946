using System.Text.Json;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Commands;

/// <summary>Turns what a user can fix into one line on stderr and exit code 2.</summary>
internal static class CommandErrors
{
    /// <summary>Bad options or input, or a lake the run cannot write: one line on stderr, nothing (more) done.</summary>
    public const int UsageError = 2;

    /// <summary>The run finished, but part of its input was not used: the summary says which (lines, objects).</summary>
    public const int InputLeftOut = 3;

    /// <summary>
    /// The lake differs from the table: <c>reconcile</c> found differences (the report says where), or <c>dlq</c> found
    /// batches the stream no longer holds in full (the summary names them).
    /// </summary>
    public const int LakeDiffers = 4;

    /// <summary>Runs a command's action; what a user can fix becomes one line on <paramref name="console"/>'s error writer and exit code 2.</summary>
    public static int Run(ToolConsole console, Func<int> command)
    {
        ArgumentNullException.ThrowIfNull(console);
        try
        {
            return command();
        }
        // A failed AWS request, whichever thread made it: one line naming the endpoint and what failed (before IOException:
        // a connection dropped mid-response is one).
        catch (Exception e) when (AwsFailures.Describe(e, AwsEndpoint.Current) is { } line)
        {
            return Fail(console, line);
        }
        // ResponseTooLargeException: the deployed function fails such an invocation on purpose; locally it is
        // an input the user can fix (a smaller batch), so it gets the same one line as every other.
        catch (Exception e) when (e is ReplayException or SettingsException or IOException or UnauthorizedAccessException or JsonException or InvalidDataException or ResponseTooLargeException)
        {
            // Several settings problems: one line each.
            IEnumerable<string> lines = e is SettingsException { Problems.Count: > 0 } settings ? settings.Problems : [e.Message];
            foreach (string line in lines)
            {
                Fail(console, line);
            }

            return UsageError;
        }
    }

    private static int Fail(ToolConsole console, string message)
    {
        console.Say(message);
        return UsageError;
    }
}
