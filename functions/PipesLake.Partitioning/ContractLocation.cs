namespace PipesLake.Partitioning;

/// <summary>The parts of a contract record the transform needs, found in one pass.</summary>
internal struct ContractLocation
{
    public bool IsObject;
    public byte Operation;
    public bool ImageWritten;
    public bool ImageFailed;
    public JsonSlice EventId;
    public JsonSlice Dynamodb;
    public JsonSlice NewImage;
    public JsonSlice OldImage;
    public JsonSlice SequenceNumber;
    public JsonSlice CreationTime;
}
