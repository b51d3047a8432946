using System.Text.Json;
using PipesLake.Blueprint;

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
        catch (Exception e) when (e is ReplayException or SettingsException or IOException or UnauthorizedAccessException or JsonException)
        {
            Console.Error.WriteLine($"pipeslake-replay: {e.Message.ReplaceLineEndings(" ")}");
            return UsageError;
        }
    }
}
