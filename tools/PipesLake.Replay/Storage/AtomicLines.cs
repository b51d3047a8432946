using System.Text;

namespace PipesLake.Replay.Storage;

/// <summary>
/// A list of lines that appears whole or not at all: lines go to a temporary file beside it (<c>*.tmp</c>) as they come,
/// so a list of a hundred thousand names is never held; <see cref="Commit"/> makes it durable and puts it in place;
/// disposed uncommitted, the temporary file is gone and an earlier list under the name is untouched.
/// </summary>
internal sealed class AtomicLines : IDisposable
{
    private readonly string _path;
    private readonly string _temp;
    private readonly FileStream _file;
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();
    private bool _committed;

    public AtomicLines(string path)
    {
        _path = path;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _temp = $"{path}.{Guid.NewGuid():N}.tmp";
        _file = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        _writer = new StreamWriter(_file, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
    }

    /// <summary>Lines added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds a line; thread-safe.</summary>
    public void Add(string line)
    {
        lock (_lock)
        {
            _writer.WriteLine(line);
            Count++;
        }
    }

    /// <summary>Makes the lines durable and puts the list in place, replacing any list of that name.</summary>
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
