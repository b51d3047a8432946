using System.Text.Json;

namespace PipesLake.Partitioning;

/// <summary>Receives the image the record's operation needs while the locator is still on it.</summary>
internal interface IImageSink
{
    /// <summary>The reader is on the image's StartObject; on return it is on its EndObject, or the write failed.</summary>
    bool Write(ref Utf8JsonReader reader);
}
