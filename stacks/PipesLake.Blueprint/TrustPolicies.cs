namespace PipesLake.Blueprint;

/// <summary>
/// The trust policy of each role, each with the confused-deputy condition its service documents and no
/// other: a condition on a key the service does not send in its <c>sts:AssumeRole</c> request makes the
/// role impossible to assume, and the first <c>pulumi up</c> fails when it creates the function or stream.
/// </summary>
public static class TrustPolicies
{
    private const string AssumeRole = "sts:AssumeRole";

    /// <summary>
    /// EventBridge Pipes: only this pipe, of this account. EventBridge User Guide, "Cross-service
    /// confused deputy prevention in Amazon EventBridge", section Pipes
    /// (https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html):
    /// <c>aws:SourceArn</c> is the pipe's ARN, with <c>aws:SourceAccount</c>.
    /// </summary>
    public static PolicyDocument Pipe(AwsContext aws, string pipeArn)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return Trust("pipes.amazonaws.com", [
            new PolicyCondition("StringEquals", "aws:SourceAccount", [aws.AccountId]),
            new PolicyCondition("ArnEquals", "aws:SourceArn", [pipeArn]),
        ]);
    }

    /// <summary>
    /// Firehose with an S3 destination: the account id as external id. Amazon Data Firehose Developer
    /// Guide, "Controlling access with Amazon Data Firehose", "Allow Firehose to assume an IAM role"
    /// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#firehose-assume-role).
    /// </summary>
    public static PolicyDocument Firehose(AwsContext aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return Trust("firehose.amazonaws.com", [new PolicyCondition("StringEquals", "sts:ExternalId", [aws.AccountId])]);
    }

    /// <summary>
    /// Lambda's execution role: the service principal and no condition, as in the AWS Lambda Developer
    /// Guide, "Defining Lambda function permissions with an execution role"
    /// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html). Lambda documents
    /// no confused-deputy key for this request; the role is only usable by functions of this account,
    /// because passing it (iam:PassRole) never crosses accounts.
    /// </summary>
    public static PolicyDocument Lambda() => Trust("lambda.amazonaws.com", []);

    private static PolicyDocument Trust(string service, IReadOnlyList<PolicyCondition> conditions) => new([
        new PolicyStatement("TrustedService", [AssumeRole], [])
        {
            Principal = PolicyPrincipal.Service(service),
            Conditions = conditions,
        },
    ]);
}
