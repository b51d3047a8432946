using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace PipesLake.Replay.Runs;

/// <summary>
/// The faults of the deployed path that a replay makes on purpose, seeded and repeatable (docs/operations.md,
/// "Delivery semantics: duplicates and how to count once"): the pipe sends a whole batch again when the answer to its
/// call was lost after Firehose took it (every record of it twice); the pipe retries the remainder of a batch Firehose
/// took in part (no copy: the retried records are those Firehose refused, only later); Firehose writes an object's
/// data again under another name. Each rate is the share of pipe batches, records or objects hit, 0 to 1; each
/// decision is a hash of the seed and of what it decides on, so the same input with the same faults makes the same lake
/// on any number of threads, and its rerun finds every object, the copies too.
/// </summary>
/// <param name="ResendBatch">Share of pipe batches sent twice.</param>
/// <param name="PartialBatch">Share of records Firehose refuses in a partial failure, which the pipe retries.</param>
/// <param name="WriteTwice">Share of objects Firehose writes twice.</param>
/// <param name="Seed">The seed of every decision.</param>
internal sealed record DeliveryFaults(double ResendBatch, double PartialBatch, double WriteTwice, int Seed)
{
    /// <summary>What the run's journal keeps of them: other faults would write other objects, so a rerun must use these.</summary>
    public string Shape => string.Create(CultureInfo.InvariantCulture, $"resend-batch={ResendBatch:R};partial-batch={PartialBatch:R};write-twice={WriteTwice:R};seed={Seed}");

    /// <summary>Whether the pipe sends batch <paramref name="pipeBatch"/> of a table's invocation <paramref name="invocation"/> in unit <paramref name="unit"/> twice.</summary>
    public bool Resends(long unit, string table, int invocation, int pipeBatch) =>
        ResendBatch > 0 && Hit(ResendBatch, string.Create(CultureInfo.InvariantCulture, $"resend\n{unit}\n{table}\n{invocation}\n{pipeBatch}"));

    /// <summary>Whether Firehose refuses record <paramref name="record"/> of that invocation the first time, so the pipe retries it.</summary>
    public bool Refuses(long unit, string table, int invocation, int record) =>
        PartialBatch > 0 && Hit(PartialBatch, string.Create(CultureInfo.InvariantCulture, $"partial\n{unit}\n{table}\n{invocation}\n{record}"));

    /// <summary>Whether Firehose writes the object <paramref name="key"/> again, under <see cref="CopyName"/>.</summary>
    public bool WritesTwice(string key) => WriteTwice > 0 && Hit(WriteTwice, "twice\n" + key);

    /// <summary>
    /// The name of an object's second copy: a Firehose name ends in a UUID, and a second delivery gets a new one, here a
    /// hash of the first name so that a rerun makes the same.
    /// </summary>
    public static string CopyName(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] hash = XxHash128.Hash(Encoding.UTF8.GetBytes("copy\n" + key));
        return $"{key[..^36]}{new Guid(hash)}";
    }

    private bool Hit(double rate, string what)
    {
        ulong hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(what), Seed);
        // The top 53 bits as a fraction in [0, 1).
        return (hash >> 11) * (1.0 / (1UL << 53)) < rate;
    }
}
