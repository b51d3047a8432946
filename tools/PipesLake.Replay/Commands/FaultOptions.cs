using System.CommandLine;
using System.Globalization;

namespace PipesLake.Replay.Commands;

/// <summary>
/// <c>replay</c>'s <c>--fault-*</c> options: the at-least-once faults of the deployed path, made on purpose and
/// repeatably, to see what duplicates do to a query (docs/operations.md, "Delivery semantics: duplicates and how to
/// count once").
/// </summary>
internal sealed class FaultOptions
{
    public Option<double> ResendBatch { get; } = Rate("--fault-resend-batch", "Share of the pipe's batches whose PutRecordBatch answer is lost after Firehose took them: the pipe sends them again, so every record of them is written twice.");

    public Option<double> PartialBatch { get; } = Rate("--fault-partial-batch", "Share of records Firehose refuses in a partial failure of PutRecordBatch: the pipe retries them, so they are late, never twice.");

    public Option<double> WriteTwice { get; } = Rate("--fault-write-twice", "Share of objects Firehose writes to S3 a second time under another name: their records twice.");

    public Option<int> Seed { get; } = new("--fault-seed") { Description = "Seed of the faults: the same input, faults and seed make the same lake.", DefaultValueFactory = _ => 1 };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(ResendBatch);
        command.Options.Add(PartialBatch);
        command.Options.Add(WriteTwice);
        command.Options.Add(Seed);
    }

    /// <summary>The faults asked for, or null when none is.</summary>
    /// <exception cref="ReplayException">A rate is not between 0 and 1.</exception>
    public DeliveryFaults? Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var faults = new DeliveryFaults(Share(result, ResendBatch), Share(result, PartialBatch), Share(result, WriteTwice), result.GetValue(Seed));
        return faults.ResendBatch > 0 || faults.PartialBatch > 0 || faults.WriteTwice > 0 ? faults : null;
    }

    private static Option<double> Rate(string name, string description) => new(name) { Description = description + " 0 to 1; default 0.", HelpName = "share" };

    private static double Share(ParseResult result, Option<double> option)
    {
        double share = result.GetValue(option);
        return share is >= 0 and <= 1 ? share
            : throw new ReplayException(string.Create(CultureInfo.InvariantCulture, $"{option.Name} is a share of 0 to 1; got {share}."));
    }
}
