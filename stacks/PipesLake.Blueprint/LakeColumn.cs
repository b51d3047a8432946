namespace PipesLake.Blueprint;

/// <summary>One column of a lake table.</summary>
/// <param name="Name">The Glue column name: lowercase, as Glue stores it; the OpenX SerDe matches JSON keys case-insensitively.</param>
/// <param name="Type">Its type.</param>
/// <param name="JsonKey">The key in the lake line, in its own case (the local query matches keys exactly).</param>
public sealed record LakeColumn(string Name, HiveType Type, string JsonKey)
{
    /// <summary>A column whose JSON key is its name.</summary>
    public LakeColumn(string name, HiveType type)
        : this(name, type, name)
    {
    }
}
