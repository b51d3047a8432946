using Amazon.S3;
using S3Location = PipesLake.Replay.Storage.S3Location;

namespace PipesLake.Replay.Input;

/// <summary>Where an export named on the command line is read from: its prefix in S3, or a folder that must be there.</summary>
internal static class ExportSources
{
    /// <summary>The export at <paramref name="export"/>: <c>s3://…/AWSDynamoDB/&lt;id&gt;/</c> through <paramref name="client"/>, else a folder.</summary>
    /// <exception cref="ReplayException">The folder is not there: one line.</exception>
    public static IExportSource Open(string export, IAmazonS3? client)
    {
        if (S3Location.Is(export))
        {
            return new S3Export(client!, S3Location.Parse(export));
        }

        var folder = new DirectoryInfo(export);
        return folder.Exists ? new FolderExport(folder) : throw new ReplayException($"cannot read '{folder.FullName}': no such folder.");
    }
}
