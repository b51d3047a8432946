using System.Text;

namespace PipesLake.Partitioning.Tests;

/// <summary>Builds contract records the way the pipe's input template renders them.</summary>
internal static class Contract
{
    public const string SiteAndTime = "\"siteId\":{\"S\":\"site-a\"},\"createdAtTime\":{\"N\":\"1704067620000\"}";

    public static string Record(
        string image,
        string eventName = "INSERT",
        string imageKey = "NewImage",
        string creation = "1479499740",
        string sequence = "111",
        string eventId = "e1") =>
        "{\"eventId\":\"" + eventId + "\",\"eventName\":\"" + eventName + "\",\"dynamodb\":{\"ApproximateCreationDateTime\":" + creation
        + ",\"Keys\":{\"id\":{\"S\":\"k\"}},\"" + imageKey + "\":" + image + ",\"SequenceNumber\":\"" + sequence
        + "\",\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}";

    /// <summary>An image with the default site and time attributes followed by <paramref name="attributes"/>.</summary>
    public static string Image(string attributes = "") =>
        attributes.Length == 0 ? $"{{{SiteAndTime}}}" : $"{{{SiteAndTime},{attributes}}}";

    /// <summary>The line a default image with <paramref name="attributes"/> becomes, metadata included.</summary>
    public static string Line(string attributes = "", string op = "I") =>
        "{\"siteId\":\"site-a\",\"createdAtTime\":1704067620000"
        + (attributes.Length == 0 ? string.Empty : "," + attributes)
        + $",\"_op\":\"{op}\",\"_eventId\":\"e1\",\"_seq\":\"111\",\"_ts\":\"2016-11-18T20:09:00Z\"}}\n";

    public static (TransformOutcome Outcome, string Line) Transform(string record, PartitioningOptions? options = null)
    {
        var transformer = new RecordTransformer(options ?? PartitioningOptions.Default);
        TransformOutcome outcome = transformer.Transform(Encoding.UTF8.GetBytes(record));
        return (outcome, Encoding.UTF8.GetString(transformer.Line));
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
