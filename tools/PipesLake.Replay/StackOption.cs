using System.CommandLine;
using PipesLake.Blueprint;

namespace PipesLake.Replay;

/// <summary>The shared <c>--stack-file</c> option: whose settings (filter, attributes, buffers) to replay.</summary>
internal static class StackOption
{
    public static Option<FileInfo?> Create() => new("--stack-file")
    {
        Description = "A Pulumi.<stack>.yaml whose settings to use (default: the built-in defaults of a dev stack).",
    };

    public static LakeSettings Settings(FileInfo? file) => file is null
        ? SettingsReader.Defaults("dev", "eu-west-1")
        : StackFile.ReadSettings(file.FullName);
}
