namespace PipesLake.Replay.DeadLetters;

/// <summary>What a <c>dlq</c> run found and wrote: counts and ids, never a record.</summary>
internal sealed class DeadLetterSummary
{
    /// <summary>Batches the messages named, a batch named twice counted twice.</summary>
    public int Messages { get; set; }

    /// <summary>Messages (or lines) not read, each with where it is and why.</summary>
    public List<string> Refused { get; } = [];

    /// <summary>Messages that named a batch another message named too.</summary>
    public int Duplicates { get; set; }

    /// <summary>Each batch, as read back.</summary>
    public List<BatchRead> Batches { get; } = [];

    /// <summary>Records written to the output, each once.</summary>
    public long Records { get; set; }

    /// <summary>The file written, full path.</summary>
    public string Output { get; set; } = string.Empty;

    /// <summary>Batches of <paramref name="outcome"/>.</summary>
    public int Count(BatchOutcome outcome) => Batches.Count(b => b.Outcome == outcome);

    /// <summary>Whether some batch was not read whole: the lake lacks records the stream no longer holds.</summary>
    public bool Unrecovered => Batches.Any(b => b.Outcome != BatchOutcome.Recovered);

    /// <summary>
    /// Per table, when the batches not read whole arrived: a point-in-time export taken after the last of them holds
    /// every item's state since, for <c>reconcile</c> and <c>backfill</c>.
    /// </summary>
    public IEnumerable<(string Table, DateTimeOffset From, DateTimeOffset To, int Batches)> LostWindows() =>
        Batches.Where(b => b.Outcome != BatchOutcome.Recovered)
            .GroupBy(b => b.Position.Table, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Min(b => b.Position.FirstArrival), g.Max(b => b.Position.LastArrival), g.Count()));
}
