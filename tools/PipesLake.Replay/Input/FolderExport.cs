namespace PipesLake.Replay.Input;

/// <summary>An export as <c>aws s3 sync</c> brings it down: the manifests, and the data files under <c>data/</c>.</summary>
internal sealed class FolderExport(DirectoryInfo folder) : IExportSource
{
    public string Name => folder.FullName;

    public string DataPlace => Path.Combine(folder.FullName, "data");

    public byte[]? ReadManifest(string name)
    {
        string path = Path.Combine(folder.FullName, name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    // The key is the object's full S3 key; after a sync the file sits under the export's data/ folder.
    public Stream? OpenData(string dataFileS3Key)
    {
        string path = Path.Combine(DataPlace, dataFileS3Key[(dataFileS3Key.LastIndexOf('/') + 1)..]);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }
}
