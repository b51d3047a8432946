using Microsoft.Win32.SafeHandles;

namespace PipesLake.Replay.Storage;

/// <summary>
/// A run's own temporary folder (sorted runs, objects too large to hold, objects being written), <c>&lt;id&gt;/</c> beside a
/// lock file <c>&lt;id&gt;.lock</c> that the operating system holds for the process (<see cref="FileShare.None"/> takes an
/// advisory lock), so a later run can tell a dead run's leftovers from a live one's and remove them, however the dead
/// run ended (Ctrl-C, <c>kill -9</c>, a crash). Removed when the run ends.
/// </summary>
internal sealed class RunTempFolder : IDisposable
{
    // A run's folder is made just after its lock; a folder with no lock younger than this may be a run's between the two.
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromMinutes(1);

    private readonly FileStream _lock;

    /// <summary>Makes this run's folder under <paramref name="parent"/>, first removing what dead runs left there.</summary>
    public RunTempFolder(string parent)
    {
        Directory.CreateDirectory(parent);
        RemoveLeftovers(parent);
        string id = Guid.NewGuid().ToString("N");
        _lock = new FileStream(System.IO.Path.Combine(parent, id + ".lock"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        Path = Directory.CreateDirectory(System.IO.Path.Combine(parent, id)).FullName;
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The lock file's handle: a file on the folder's file system (to flush that file system).</summary>
    public SafeFileHandle Handle => _lock.SafeFileHandle;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // The next run removes it.
        }

        _lock.Dispose();
    }

    /// <summary>Removes what runs that died left under <paramref name="parent"/>.</summary>
    private static void RemoveLeftovers(string parent)
    {
        // Whatever its age: a rerun right after Ctrl-C must not leave the cut run's sorted runs (gigabytes for a large
        // input) behind. A run locks its file in the call that creates it; should this take the lock in between, that
        // run fails to start with an error, and nothing of it is lost.
        foreach (string lockPath in Directory.EnumerateFiles(parent, "*.lock"))
        {
            try
            {
                using (new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                    string folder = System.IO.Path.ChangeExtension(lockPath, null);
                    if (Directory.Exists(folder))
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                }

                File.Delete(lockPath);
            }
            catch (IOException)
            {
                // Locked: that run is alive.
            }
        }

        foreach (string folder in Directory.EnumerateDirectories(parent))
        {
            if (!File.Exists(folder + ".lock") && DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) >= LeftoverAge)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
