namespace PipesLake.Replay.Storage;

/// <summary>What putting one object into the lake did.</summary>
internal enum LakeWrite
{
    /// <summary>The object is new.</summary>
    Written,

    /// <summary>The same content was there already (an earlier run wrote it): nothing written.</summary>
    AlreadyThere,

    /// <summary>Something else stood under the object's name (a damaged copy): replaced.</summary>
    Repaired,
}
