namespace PipesLake.Replay.Input;

/// <summary>Where a DynamoDB export is read from: a folder after <c>aws s3 sync</c>, or its prefix in S3.</summary>
internal interface IExportSource
{
    /// <summary>How messages name the export.</summary>
    string Name { get; }

    /// <summary>A manifest's bytes (<c>manifest-summary.json</c>, <c>manifest-files.json</c>), or null when it is missing.</summary>
    byte[]? ReadManifest(string name);

    /// <summary>Opens a data file by its <c>dataFileS3Key</c>; null when it is missing.</summary>
    Stream? OpenData(string dataFileS3Key);

    /// <summary>How messages say where data files are.</summary>
    string DataPlace { get; }

}
