using System.Text.Json;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay;

/// <summary>Turns what a user can fix into one line on stderr and exit code 2.</summary>
internal static class CommandErrors
{
    public const int UsageError = 2;

    public static int Run(Func<int> command)
    {
        try
        {
            return command();
        }
        // ResponseTooLargeException: the deployed function fails such an invocation on purpose; locally it is
        // an input the user can fix (a smaller batch), so it gets the same one line as every other.
        catch (Exception e) when (e is ReplayException or SettingsException or IOException or UnauthorizedAccessException or JsonException or ResponseTooLargeException)
        {
            Console.Error.WriteLine($"pipeslake-replay: {e.Message.ReplaceLineEndings(" ")}");
            return UsageError;
        }
    }
}
