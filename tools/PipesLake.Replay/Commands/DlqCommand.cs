using System.CommandLine;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Commands;

/// <summary><c>dlq &lt;messages&gt;… --out &lt;records.ndjson&gt;</c>: parses, and runs a <see cref="DeadLetterRunner"/>.</summary>
internal static class DlqCommand
{
    public static Command Create(ToolConsole console)
    {
        var messages = new Argument<string[]>("messages") { Description = "The pipe's dead-letter messages: files or folders of what `aws sqs receive-message` printed, or message bodies (one per line or per file).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--out") { Description = "Write the batches' records here, as stream records `replay` reads (written whole or not at all).", Required = true };
        var stack = StackOption.Create();
        Option<string?> endpoint = AwsOptions.EndpointUrl("DynamoDB Streams endpoint (default: AWS_ENDPOINT_URL_DYNAMODB_STREAMS, AWS_ENDPOINT_URL, else AWS's in the stream's region)");
        Option<string?> profile = AwsOptions.Profile();
        var command = new Command("dlq", "Read back from the table's stream the records of every batch the pipe sent to its dead-letter queue, into a file to replay; name what the stream no longer holds. Exit 0 only when every batch was read whole.")
        {
            messages, output, stack, endpoint, profile,
        };
        command.SetAction(result => CommandErrors.Run(console, () =>
        {
            LakeSettings settings = StackOption.Settings(result.GetValue(stack));
            FileInfo file = result.GetValue(output)!;
            if (Directory.Exists(file.FullName) || !Directory.Exists(file.DirectoryName))
            {
                throw new ReplayException(Directory.Exists(file.FullName)
                    ? $"--out '{file.FullName}' is a folder; name the file to write."
                    : $"cannot write --out '{file.FullName}': no such folder '{file.DirectoryName}'.");
            }

            var clients = new Dictionary<string, StreamsClient>(StringComparer.Ordinal);
            try
            {
                var runner = new DeadLetterRunner(settings, region =>
                    clients.TryGetValue(region, out StreamsClient? client) ? client
                    : clients[region] = new StreamsClient(result.GetValue(endpoint), result.GetValue(profile), region));
                DeadLetterSummary summary = ProgressReport.Run(console, "reading back", null, _ => runner.Run(result.GetValue(messages)!, file.FullName), () => runner.Records);
                DeadLetterReport.Print(summary, new SummaryWriter(console, summary.Output));
                return DeadLetterReport.ExitCode(summary);
            }
            finally
            {
                foreach (StreamsClient client in clients.Values)
                {
                    client.Dispose();
                }
            }
        }));
        return command;
    }
}
