using PipesLake.Blueprint;
using Spectre.Console;

namespace PipesLake.Replay.Jobs;

/// <summary>
/// <c>redrive</c>: the records of Firehose's error objects back through the function's code into the lake, once. One
/// redrive at a time per lake, whatever errors it reads: a copy of the same errors, or an overlapping prefix, holds the
/// same objects. From a folder, the handled objects are listed for the runbook to move; in the bucket, each handled
/// object is moved to <c>errors-handled/</c> as soon as its records are stored.
/// </summary>
internal sealed class RedriveJob : IJob<RedriveSummary>
{
    private const string Command = "redrive";

    private readonly string _errors;
    private readonly LakeArguments _lake;
    private readonly string? _table;
    private readonly FileInfo? _handledList;
    private string _handled = string.Empty;

    /// <param name="errors">A folder of error objects, or <c>s3://bucket/errors/…</c> in the lake itself.</param>
    /// <param name="lake">The lake and the stack's settings.</param>
    /// <param name="table">The table of a folder of one table's errors (<c>--table</c>), or null.</param>
    /// <param name="handledList">Where to write the handled objects (<c>--handled-list</c>), or null for the default.</param>
    /// <exception cref="ReplayException">The errors are not where redrive can take them from, for this lake.</exception>
    public RedriveJob(string errors, LakeArguments lake, string? table, FileInfo? handledList)
    {
        ArgumentNullException.ThrowIfNull(lake);
        (_errors, _lake, _table, _handledList) = (errors, lake, table, handledList);
        if (S3Location.Is(errors) != (lake.Bucket is not null))
        {
            throw new ReplayException("redrive takes errors and --lake both as s3:// or both as folders: between a bucket and a folder, an error object could be moved before its records are in the lake.");
        }

        if (lake.Bucket is { } at)
        {
            S3Location from = S3Location.Parse(errors);
            if (from.Bucket != at.Bucket || !from.Prefix.StartsWith(at.Prefix + LakePrefixes.ErrorRoot, StringComparison.Ordinal))
            {
                throw new ReplayException($"{from} is not under the lake's {at}{LakePrefixes.ErrorRoot}: redrive moves handled objects from there to {LakePrefixes.HandledErrorRoot}.");
            }
        }
        else if (File.Exists(errors))
        {
            throw new ReplayException($"cannot read '{Path.GetFullPath(errors)}': it is a file; pass the folder that holds the error objects (errors/ as aws s3 sync brings it down).");
        }
        else if (!Directory.Exists(errors))
        {
            throw new ReplayException($"cannot read '{Path.GetFullPath(errors)}': no such folder.");
        }
    }

    public bool ReadsS3 => S3Location.Is(_errors);

    public RedriveSummary Run(JobRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var options = new RedriveOptions(_lake.Settings, _lake.Root) { Gzip = _lake.Gzip };
        run.Hold(Command, _lake.Root);
        var runner = new RedriveRunner(options, run.Store);
        return run.Target.Bucket is { } bucket ? InBucket(run, runner, bucket) : InFolder(run, runner, options);
    }

    public void Print(RedriveSummary summary, SummaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(writer);
        Table table = SummaryTable.Create();
        SummaryTable.Row(table, "error objects read", summary.ErrorObjects);
        SummaryTable.Row(table, "error records read", summary.Records);
        SummaryTable.Row(table, "not error records", summary.MalformedLines.Count);
        SummaryTable.Row(table, "in error objects left whole", summary.Unused);
        SummaryTable.Row(table, "redriven into data/", summary.Redriven);
        SummaryTable.Row(table, "already in data/ (an earlier run)", summary.AlreadyWritten);
        SummaryTable.NotConverted(table, summary.NotConverted);

        SummaryTable.Row(table, "failed again", summary.FailedAgain);
        SummaryTable.Reasons(table, summary.FailedAgainByReason);

        SummaryTable.Row(table, "partitions", summary.Partitions);
        SummaryTable.Row(table, "objects written", summary.ObjectsWritten);
        SummaryTable.Row(table, "bytes", summary.Bytes);
        SummaryTable.Row(table, "error objects handled", summary.Handled);
        SummaryTable.Row(table, "error objects left where they are", summary.Left.Count);
        writer.Finish(table, "not error records at", summary.MalformedLines);
        writer.Places("left where they are:", summary.Left);
        writer.Line(_handled);
    }

    public int ExitCode(RedriveSummary summary) => summary.Left.Count > 0 ? CommandErrors.InputLeftOut : 0;

    /// <summary>The runbook's first half: the folder's objects into the lake folder, the handled ones listed.</summary>
    private RedriveSummary InFolder(JobRun run, RedriveRunner runner, RedriveOptions options)
    {
        var folder = new DirectoryInfo(_errors);
        string list = _handledList?.FullName ?? Path.Combine(options.LakeRoot, LakeFolder.StateFolder, "redrive-handled.txt");
        ClearList(list);
        string? named = _table is { } name ? new StackTables(_lake.Settings).Named(name, "--table").Name : null;
        // A first walk of the folder counts the objects for progress and knows each one's table before anything is
        // written: one the stack does not list stops the run here.
        FolderErrors objects = ErrorObject.InFolder(folder, options.LakeRoot, named, item => runner.TableOf(item));
        if (objects.Count == 0)
        {
            throw new ReplayException(NothingToRedrive(folder.FullName));
        }

        using var handled = new AtomicFile(list);
        RedriveSummary summary = run.Progress("redriving", objects.TotalBytes, progress => runner.Run(objects, (item, done) => Add(handled, item, done), progress), () => runner.Records, runner.Detail);
        // In place last, once every record of every handled object is on disk.
        handled.Commit();
        _handled = $"handled error objects: {list}";
        return summary;
    }

    /// <summary>The runbook in one run: the objects of the lake's errors/, each moved to errors-handled/ once its records are stored.</summary>
    private RedriveSummary InBucket(JobRun run, RedriveRunner runner, S3Lake bucket)
    {
        S3Location from = S3Location.Parse(_errors);
        var source = new S3ErrorObjects(bucket, from);
        if (_handledList is not null)
        {
            AtomicFile.RemoveLeftovers(_handledList.FullName);
        }

        using AtomicFile? handled = _handledList is null ? null : new AtomicFile(_handledList.FullName);
        RedriveSummary summary = run.Progress("redriving", null, progress => runner.Run(source.List(), (item, done) =>
        {
            source.Done(item, done);
            Add(handled, item, done);
        }, progress), () => runner.Records, runner.Detail);
        if (summary.ErrorObjects == 0)
        {
            throw new ReplayException(NothingToRedrive(from.ToString()));
        }

        handled?.Commit();

        _handled = $"moved to {bucket.Root}{LakePrefixes.HandledErrorRoot}: {source.Moved:N0} error object(s)";
        return summary;
    }

    /// <summary>
    /// Nothing found is exit 2, not 0: a mistyped path or prefix must not read as a redrive that succeeded (docs/operations.md,
    /// "Redrive error records into the lake").
    /// </summary>
    private static string NothingToRedrive(string where) =>
        $"'{where}' holds no error objects: nothing to redrive; check the path (errors/ of the lake, or a folder aws s3 sync brought it down to).";

    private static void ClearList(string list)
    {
        if (Directory.Exists(list))
        {
            throw new ReplayException($"--handled-list '{list}' is a folder; pass a file name.");
        }

        // A list left by an earlier run must never be taken for this run's, nor a killed run's half-written one kept.
        if (File.Exists(list))
        {
            File.Delete(list);
        }

        AtomicFile.RemoveLeftovers(list);
    }

    private static void Add(AtomicFile? list, ErrorObject item, bool handled)
    {
        if (handled)
        {
            list?.WriteLine(item.Relative);
        }
    }
}
