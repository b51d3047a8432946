using System.CommandLine;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Commands;

/// <summary>The shared <c>--stack-file</c> option: whose settings (filter, attributes, buffers) to replay.</summary>
internal static class StackOption
{
    public static Option<FileInfo?> Create() => new("--stack-file")
    {
        Description = "A Pulumi.<stack>.yaml whose settings and tables to use (default: the built-in defaults of a dev stack, which takes any table).",
    };

    /// <exception cref="ReplayException">The file is missing, a folder, or not named after a stack.</exception>
    /// <exception cref="SettingsException">The file's YAML or settings are bad: naming the line or key.</exception>
    public static LakeSettings Settings(FileInfo? file)
    {
        if (file is null)
        {
            return SettingsReader.Defaults("dev", "eu-west-1");
        }

        if (Directory.Exists(file.FullName))
        {
            throw new ReplayException($"--stack-file '{file.FullName}' is a folder; pass a Pulumi.<stack>.yaml file.");
        }

        if (!file.Exists)
        {
            throw new ReplayException($"cannot read --stack-file '{file.FullName}': no such file.");
        }

        if (!file.Name.StartsWith("Pulumi.", StringComparison.Ordinal) || !file.Name.EndsWith(".yaml", StringComparison.Ordinal) || file.Name.Length <= "Pulumi..yaml".Length)
        {
            throw new ReplayException($"--stack-file '{file.Name}' is not named Pulumi.<stack>.yaml; the stack's name, and so its resources' names, come from the file's name.");
        }

        return StackFile.ReadSettings(file.FullName);
    }
}
