using System.Text.RegularExpressions;

namespace PipesLake.Replay.DeadLetters;

/// <summary>A DynamoDB stream's ARN: <c>arn:&lt;partition&gt;:dynamodb:&lt;region&gt;:&lt;account&gt;:table/&lt;table&gt;/stream/&lt;label&gt;</c>.</summary>
internal static partial class StreamArns
{
    /// <summary>Whether <paramref name="arn"/> is a stream's ARN.</summary>
    public static bool IsValid(string? arn) => arn is not null && Shape().IsMatch(arn);

    /// <summary>The table's name in a stream ARN.</summary>
    public static string Table(string arn) => Shape().Match(arn).Groups["table"].Value;

    /// <summary>The region in a stream ARN.</summary>
    public static string Region(string arn) => Shape().Match(arn).Groups["region"].Value;

    [GeneratedRegex(@"^arn:aws[a-zA-Z-]*:dynamodb:(?<region>[a-z0-9-]+):\d{12}:table/(?<table>[A-Za-z0-9_.-]{3,255})/stream/[^/\s]+$")]
    private static partial Regex Shape();
}
