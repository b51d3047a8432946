using System.Diagnostics;

namespace PipesLake.Replay.Tests;

/// <summary>
/// <c>pipeslake-replay</c> as a process of its own: for what a run in the tests' process cannot show (standard input,
/// credentials the SDK keeps for a process's life, signals).
/// </summary>
internal static class ToolProcess
{
    /// <summary>Starts the tool; its output is drained unless <paramref name="readErrors"/> keeps stderr to read.</summary>
    public static Process Start(IEnumerable<string> args, IEnumerable<(string Name, string Value)>? environment = null, bool readErrors = false, bool writeInput = false)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = writeInput, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "pipeslake-replay.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // In order: a later entry wins.
        foreach ((string name, string value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        if (!readErrors)
        {
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
        }

        return process;
    }

    /// <summary>Runs the tool to its end with <paramref name="input"/> on its standard input; its exit code and stderr.</summary>
    public static (int Code, string Errors) Run(IEnumerable<string> args, byte[] input, IEnumerable<(string Name, string Value)>? environment = null)
    {
        using Process process = Start(args, environment, readErrors: true, writeInput: true);
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using (Stream stdin = process.StandardInput.BaseStream)
        {
            stdin.Write(input);
        }

        process.WaitForExit();
        return (process.ExitCode, errors.GetAwaiter().GetResult().TrimEnd());
    }
}
