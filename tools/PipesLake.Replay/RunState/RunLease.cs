using System.Security.Cryptography;
using System.Text;

namespace PipesLake.Replay.RunState;

/// <summary>
/// One run at a time of one job: a replay or a backfill over one content (<see cref="JobInput.Content"/>, wherever it
/// is read from), or a redrive into one lake (whatever errors it reads: a copy of the same errors, or an overlapping
/// prefix, moves the same objects). Two runs of the same job would write the same objects and, for redrive, move the
/// same error objects: the second is refused in one line naming the run that holds the job, and may be rerun when
/// that run has ended or died.
/// </summary>
internal static class RunLease
{
    /// <summary>The state key of a job's lease: <c>.pipeslake/runs/&lt;command&gt;-&lt;hash of input&gt;.lease</c>.</summary>
    /// <param name="command">The command, e.g. <c>redrive</c>.</param>
    /// <param name="input">What identifies the job: its input's content hash (replay, backfill) or the lake (redrive).</param>
    public static string Key(string command, string input) =>
        $"{LakeFolder.StateFolder}/runs/{command}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)).AsSpan(0, 8))}.lease";

    /// <summary>The one line a refused run prints.</summary>
    public static string Refusal(string where, string holder) =>
        $"another run of this command over this input is writing the lake ({holder}; lease {where}); wait for it to end, or rerun once it has: two runs at once would do the same writes twice.";
}
