using System.CommandLine;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Commands;

/// <summary><c>transform [&lt;firehose-event.json&gt;|-]</c>: the Lambda, invoked locally.</summary>
internal static class TransformCommand
{
    public static Command Create(ToolConsole console)
    {
        var input = new Argument<string>("firehose-event") { Description = "A Firehose transformation request; '-' or nothing for stdin.", DefaultValueFactory = _ => "-" };
        var stack = StackOption.Create();
        var command = new Command("transform", "Read a Firehose transformation request and write the response the function returns.") { input, stack };
        command.SetAction(result => CommandErrors.Run(console, () =>
        {
            LakeSettings settings = StackOption.Settings(result.GetValue(stack));
            string path = result.GetValue(input)!;
            byte[] request = path == "-" ? ReadAll(console.OpenInput()) : ReadFile(path);
            using Stream output = console.OpenOutput();
            FirehoseEventJson.Transform(request, settings.FunctionOptions, output);
            return 0;
        }));
        return command;
    }

    private static byte[] ReadFile(string path) =>
        Directory.Exists(path) ? throw new ReplayException($"cannot read '{path}': it is a folder; pass a Firehose transformation request (a file, or - for stdin).")
        : File.Exists(path) ? File.ReadAllBytes(path)
        : throw new ReplayException($"cannot read '{path}': no such file.");

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
