using System.Text.Json;
using Amazon.Runtime;
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

    public static int Run(Func<int> command)
    {
        try
        {
            return command();
        }
        // ResponseTooLargeException: the deployed function fails such an invocation on purpose; locally it is
        // an input the user can fix (a smaller batch), so it gets the same one line as every other.
        catch (Exception e) when (e is ReplayException or SettingsException or IOException or UnauthorizedAccessException or JsonException or InvalidDataException or ResponseTooLargeException)
        {
            string message = e is SettingsException { Problems.Count: > 0 } settings ? string.Join("; ", settings.Problems) : e.Message;
            Console.Error.WriteLine($"pipeslake-replay: {message.ReplaceLineEndings(" ")}");
            return UsageError;
        }
        catch (AmazonServiceException e)
        {
            // A missing bucket, a wrong key, a denied request: S3's own words and code, on one line.
            Console.Error.WriteLine($"pipeslake-replay: S3 refused a request: {e.Message.ReplaceLineEndings(" ")} ({e.ErrorCode ?? e.StatusCode.ToString()}).");
            return UsageError;
        }
        catch (AmazonClientException e)
        {
            Console.Error.WriteLine($"pipeslake-replay: cannot reach S3: {e.Message.ReplaceLineEndings(" ")}");
            return UsageError;
        }
    }
}
