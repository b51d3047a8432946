namespace PipesLake.Blueprint;

/// <summary>Where the stack is deployed: what ARNs are built from.</summary>
/// <param name="Partition">Usually <c>aws</c>.</param>
/// <param name="AccountId">The 12-digit account.</param>
/// <param name="Region">The region.</param>
public sealed record AwsContext(string Partition, string AccountId, string Region)
{
    /// <summary>The account root, which administers the key.</summary>
    public string AccountRoot => $"arn:{Partition}:iam::{AccountId}:root";

    /// <summary>The ARN of a pipe of this account and region, known before the pipe exists.</summary>
    public string PipeArn(string name) => $"arn:{Partition}:pipes:{Region}:{AccountId}:pipe/{name}";

    /// <summary>
    /// The ARNs Glue authorizes a table read against: the catalog, the database and the table (AWS Glue Developer
    /// Guide, "Specifying AWS Glue resource ARNs": GetTable needs all three).
    /// </summary>
    public GlueTableArns GlueTable(string database, string table) => new(
        $"arn:{Partition}:glue:{Region}:{AccountId}:catalog",
        $"arn:{Partition}:glue:{Region}:{AccountId}:database/{database}",
        $"arn:{Partition}:glue:{Region}:{AccountId}:table/{database}/{table}");

    /// <summary>The ARN of a DynamoDB resource of this account and region: <c>table/&lt;name&gt;</c>, <c>table/&lt;name&gt;/stream/&lt;label&gt;</c>.</summary>
    public string DynamoDbArn(string resource) => $"arn:{Partition}:dynamodb:{Region}:{AccountId}:{resource}";

    /// <summary><c>{service}.{region}.amazonaws.com</c>, the value of <c>kms:ViaService</c>.</summary>
    public string Via(string service) => $"{service}.{Region}.amazonaws.com";
}
