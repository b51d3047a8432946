namespace PipesLake.Replay.Input;

/// <summary>One data file of an export, with what <c>manifest-files.json</c> says of it.</summary>
/// <param name="Key">Its <c>dataFileS3Key</c>.</param>
/// <param name="ItemCount">Items (lines) the manifest lists for it.</param>
/// <param name="Md5">Base64 MD5 of the file's bytes, as the manifest gives it.</param>
internal sealed record ExportDataFile(string Key, long ItemCount, string Md5)
{
    /// <summary>The file's name, as messages give it.</summary>
    public string Name => Key[(Key.LastIndexOf('/') + 1)..];
}
