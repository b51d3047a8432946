namespace PipesLake.Partitioning;

/// <summary>What <see cref="ImageWriter"/> found while copying an image: the partition inputs or the first failure.</summary>
internal struct ImageCapture
{
    public string? Site;
    public bool HasTime;
    public DateTime Time;
    public RecordFailure Failure;
    public string? Detail;

    public bool Fail(RecordFailure failure, string detail)
    {
        Failure = failure;
        Detail = detail;
        return false;
    }
}
