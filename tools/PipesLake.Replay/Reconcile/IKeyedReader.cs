namespace PipesLake.Replay.Reconcile;

/// <summary>Records read forward in key order; <see cref="Key"/> and <see cref="Payload"/> hold until the next <see cref="MoveNext"/>.</summary>
internal interface IKeyedReader : IDisposable
{
    /// <summary>The current record's key.</summary>
    ReadOnlySpan<byte> Key { get; }

    /// <summary>The current record's payload.</summary>
    ReadOnlySpan<byte> Payload { get; }

    /// <summary>Moves to the next record; false at the end.</summary>
    bool MoveNext();
}
