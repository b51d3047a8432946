using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PipesLake.Replay.Storage;

/// <summary>
/// One flush of a whole file system to disk (Linux <c>syncfs(2)</c>): far cheaper than one <c>fsync</c> per object
/// when a run writes thousands of small objects, each of which would commit the journal on its own.
/// </summary>
internal static partial class FileSystemSync
{
    /// <summary>Whether this system has it; elsewhere each object is flushed as it is written.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Flushes everything written to the file system that holds <paramref name="handle"/>'s file.</summary>
    /// <exception cref="IOException">The system could not write it all to disk.</exception>
    public static void Flush(SafeFileHandle handle)
    {
        if (SyncFs((int)handle.DangerousGetHandle()) != 0)
        {
            throw new IOException($"could not flush the lake to disk (syncfs: error {Marshal.GetLastPInvokeError()}).");
        }
    }

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);
}
