using System.Text;

namespace PipesLake.Replay.Storage;

/// <summary>
/// A file that appears whole or not at all: its bytes or lines go to a temporary file beside it (<c>*.tmp</c>) as they
/// come, so a list of a hundred thousand names is never held; <see cref="Commit"/> makes it durable and puts it in
/// place; disposed uncommitted, the temporary file is gone and an earlier file under the name is untouched. The lake's
/// state files (<see cref="LakeFolder.WriteAtomically"/>) and redrive's handled list are written through it.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    private readonly string _path;
    private readonly string _temp;
    private readonly FileStream _file;
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();
    private bool _committed;

    public AtomicFile(string path)
    {
        _path = path;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _temp = $"{path}.{Guid.NewGuid():N}.tmp";
        _file = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        _writer = new StreamWriter(_file, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
    }

    /// <summary>
    /// Removes the temporary files a writer of <paramref name="path"/> left when it was killed. Only for a caller that
    /// knows no other writer of that name is alive (it holds the lake's lock or lease).
    /// </summary>
    public static void RemoveLeftovers(string path)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        if (Directory.Exists(folder))
        {
            foreach (string temp in Directory.EnumerateFiles(folder, Path.GetFileName(full) + ".*.tmp"))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Adds bytes as they are; thread-safe.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            _writer.Flush();
            _file.Write(bytes);
        }
    }

    /// <summary>Adds a line, UTF-8, ended by a newline; thread-safe.</summary>
    public void WriteLine(string line)
    {
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    /// <summary>Makes the content durable and puts the file in place, replacing any file of that name.</summary>
    public void Commit()
    {
        lock (_lock)
        {
            _writer.Flush();
            _file.Flush(flushToDisk: true);
            _writer.Dispose();
            File.Move(_temp, _path, overwrite: true);
            _committed = true;
        }
    }

    public void Dispose()
    {
        if (!_committed)
        {
            _writer.Dispose();
            File.Delete(_temp);
        }
    }
}
