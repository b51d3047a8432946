using System.Globalization;
using Amazon.S3;

namespace PipesLake.Replay.Input;

/// <summary>
/// replay's input: a file, an object <c>s3://bucket/key</c> (read where it is) or standard input (<c>-</c>), opened as
/// its content, decompressed when it is GZIP (told by its first bytes, not its name) and checked against the GZIP
/// trailer at its end. A file or an object can be read again; standard input only once.
/// </summary>
internal sealed class ReplayInput
{
    /// <summary>How messages and the run journal name standard input.</summary>
    public const string StandardInput = "standard input";

    private readonly string? _file;
    private readonly S3InputObject? _object;
    private readonly Func<Stream>? _standardInput;
    private bool _taken;

    private ReplayInput(string shown, string? file, S3InputObject? remote, (string Name, string Version)? seen, long? length, Func<Stream>? standardInput = null)
    {
        _standardInput = standardInput;
        Shown = shown;
        _file = file;
        _object = remote;
        Seen = seen;
        Length = length;
    }

    /// <summary>How messages name it: the path as given, the URI, or <see cref="StandardInput"/>.</summary>
    public string Shown { get; }

    /// <summary>Where it is and that place's version (size and time of last change, or ETag); null for standard input.</summary>
    public (string Name, string Version)? Seen { get; }

    /// <summary>Its size in bytes as stored, for progress; null for standard input.</summary>
    public long? Length { get; }

    /// <summary>Whether <see cref="Read"/> may be called again: a file or an object, not standard input.</summary>
    public bool CanReadAgain => _file is not null || _object is not null;

    /// <summary>Finds the input <paramref name="path"/> names.</summary>
    /// <param name="path">A file, <c>s3://bucket/key</c>, or <c>-</c>.</param>
    /// <param name="s3">The client for an object; called only for <c>s3://</c>.</param>
    /// <param name="standardInput">Opens standard input; called only for <c>-</c>.</param>
    /// <exception cref="ReplayException">No such file or object, or a folder: one line.</exception>
    public static ReplayInput Find(string path, Func<IAmazonS3> s3, Func<Stream> standardInput)
    {
        if (path == "-")
        {
            return new ReplayInput(StandardInput, null, null, null, null, standardInput);
        }

        if (S3Location.Is(path))
        {
            S3InputObject remote = S3InputObject.Find(s3(), path);
            return new ReplayInput(remote.Name, null, remote, remote.Identity, remote.Length);
        }

        if (Directory.Exists(path))
        {
            throw new ReplayException($"cannot read '{path}': it is a folder; pass a file of stream records.");
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new ReplayException($"cannot read '{path}': no such file.");
        }

        string version = string.Create(CultureInfo.InvariantCulture, $"{file.Length} bytes, changed {file.LastWriteTimeUtc:O}");
        return new ReplayInput(path, file.FullName, null, (file.FullName, version), file.Length);
    }

    /// <summary>Opens the content from its start, after a byte order mark if there is one: the records, however stored.</summary>
    /// <exception cref="InvalidOperationException">Standard input, a second time.</exception>
    public Stream Read() => ByteOrderMark.Skip(Open());

    private Stream Open()
    {
        if (_object is not null)
        {
            return _object.Open();
        }

        if (_file is not null)
        {
            return LakeFolder.OpenRead(_file);
        }

        if (_taken)
        {
            throw new InvalidOperationException("standard input is read once");
        }

        _taken = true;
        return CheckedGzipStream.OpenForward(_standardInput!(), StandardInput);
    }
}
