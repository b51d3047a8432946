namespace PipesLake.Partitioning;

/// <summary>DynamoDB's attribute value type tags.</summary>
internal enum AttributeType
{
    Unknown,
    S,
    N,
    B,
    Bool,
    Null,
    SS,
    NS,
    BS,
    M,
    L,
}
