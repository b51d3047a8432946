namespace PipesLake.Replay.Reconcile;

/// <summary>What reconcile finds of one item, comparing the export's state with the lake's at the export time.</summary>
internal enum ReconcileKind
{
    /// <summary>The lake holds the export's state.</summary>
    Matching,

    /// <summary>In the export; the lake has no change of it at the export time, or its last one is a delete.</summary>
    Missing,

    /// <summary>In both; the lake's last change at the export time holds another state than the export's.</summary>
    Stale,

    /// <summary>Not in the export; live in the lake, which saw it in the table's stream: the delete never reached the lake.</summary>
    DeleteMissed,

    /// <summary>Not in the export; live in the lake, which has it only from a backfill, never from the table's stream.</summary>
    NotInTable,

    /// <summary>Would be one of the others, but the lake has a change of it within the tolerance of the export time.</summary>
    WithinTolerance,

    /// <summary>In the export; the function refuses it (a backfill sends it to <c>errors/</c>), so no table shows it.</summary>
    Refused,
}
