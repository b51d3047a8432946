namespace PipesLake.Replay.Jobs;

/// <summary>
/// Every job's run, in one place: open the lake, run the job (which takes its lease and journal through its
/// <see cref="JobRun"/>, and shows progress), release the leases, print the summary, choose the exit code.
/// </summary>
internal static class JobRunner
{
    public static int Run<TSummary>(IJob<TSummary> job, LakeArguments lake, ToolConsole console)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(lake);
        TSummary summary;
        using (LakeTarget target = LakeTarget.Open(lake, job.ReadsS3))
        {
            using var run = new JobRun(target, console);
            summary = job.Run(run);
        }

        job.Print(summary, new SummaryWriter(console, lake.Root));
        return job.ExitCode(summary);
    }
}
