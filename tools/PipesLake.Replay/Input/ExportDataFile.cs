namespace PipesLake.Replay.Input;

/// <summary>One data file of an export, with what <c>manifest-files.json</c> says of it.</summary>
/// <param name="File">The file after a sync.</param>
/// <param name="ItemCount">Items (lines) the manifest lists for it.</param>
/// <param name="Md5">Base64 MD5 of the file's bytes, as the manifest gives it.</param>
internal sealed record ExportDataFile(FileInfo File, long ItemCount, string Md5);
