namespace PipesLake.Replay.Jobs;

/// <summary>
/// A command's work on a lake, and how its summary reads: <see cref="JobRunner"/> opens the lake, hands the job a
/// <see cref="JobRun"/> (leases, journal, progress), prints the summary and turns it into the exit code.
/// </summary>
/// <typeparam name="TSummary">What a run of the job counts.</typeparam>
internal interface IJob<TSummary>
{
    /// <summary>Whether the job reads its input from S3, so the lake needs a client even when it is a folder.</summary>
    bool ReadsS3 { get; }

    /// <summary>Does the work: reads the input, takes the job's lease and journal through <paramref name="run"/>, writes.</summary>
    TSummary Run(JobRun run);

    /// <summary>Prints the summary: the table, the places of input left out, other lines, and the lake last.</summary>
    void Print(TSummary summary, SummaryWriter writer);

    /// <summary>0 when the run used all its input, else <see cref="CommandErrors.InputLeftOut"/>.</summary>
    int ExitCode(TSummary summary);
}
