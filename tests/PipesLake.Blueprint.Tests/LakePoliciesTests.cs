namespace PipesLake.Blueprint.Tests;

public sealed class LakePoliciesTests
{
    private const string Bucket = Arns.Bucket;
    private const string Key = Arns.Key;
    private const string Function = Arns.Function;
    private const string Stream = Arns.Stream;
    private const string DeliveryStream = Arns.DeliveryStream;
    private const string Queue = Arns.Queue;
    private const string LogGroup = Arns.LogGroup;

    private static readonly AwsContext s_aws = Arns.Aws;

    private static IEnumerable<TestCaseData> AllPolicies()
    {
        yield return new TestCaseData(LakePolicies.FunctionRole(LogGroup)).SetArgDisplayNames("function role");
        yield return new TestCaseData(LakePolicies.FirehoseRole(s_aws, Arns.Table, Bucket, Key, Function, LogGroup)).SetArgDisplayNames("firehose role");
        yield return new TestCaseData(LakePolicies.PipeRole(s_aws, Arns.PipeRole)).SetArgDisplayNames("pipe role");
        yield return new TestCaseData(LakePolicies.KeyPolicy(s_aws, new LakeNames("dev"))).SetArgDisplayNames("key policy");
        yield return new TestCaseData(LakePolicies.BucketPolicy(Bucket)).SetArgDisplayNames("bucket policy");
        yield return new TestCaseData(LakePolicies.QueuePolicy(Queue)).SetArgDisplayNames("queue policy");
        yield return new TestCaseData(LakePolicies.TopicPolicy(s_aws, "arn:aws:sns:eu-west-1:123456789012:pipeslake-dev-alarms")).SetArgDisplayNames("topic policy");
        yield return new TestCaseData(LakePolicies.ReaderPolicy(s_aws, new ReaderPolicyArns("arn:aws:athena:eu-west-1:123456789012:workgroup/pipeslake-dev", "pipeslake_dev", Bucket, Key))).SetArgDisplayNames("reader policy");
        yield return new TestCaseData(LakePolicies.OperatorPolicy(s_aws, Bucket, Key, [new OperatorStream("orders", Key)])).SetArgDisplayNames("operator policy");
        yield return new TestCaseData(LakePolicies.AccessLogBucketPolicy(s_aws, "arn:aws:s3:::pipeslake-dev-logs-1234", Bucket)).SetArgDisplayNames("access-log bucket policy");
        yield return new TestCaseData(TrustPolicies.Pipe(s_aws, Arns.Pipe)).SetArgDisplayNames("pipe trust policy");
        yield return new TestCaseData(TrustPolicies.Firehose(s_aws)).SetArgDisplayNames("firehose trust policy");
        yield return new TestCaseData(TrustPolicies.Lambda()).SetArgDisplayNames("lambda trust policy");
    }

    [TestCaseSource(nameof(AllPolicies))]
    public void Wildcards_AppearOnlyWhereAwsRequiresThem(PolicyDocument policy)
    {
        foreach (PolicyStatement statement in policy.Statements.Where(s => s.Effect == "Allow"))
        {
            bool keyPolicy = statement.Sid is "AccountAdministersKey" or "LogsEncryptStackLogGroups" or "AlarmsPublishToTheStackTopic";
            bool noResourceLevelPermission = (statement.Sid == "ListTableStreams" && statement.Actions.SequenceEqual(["dynamodb:ListStreams"]))
                || (statement.Sid == "ListCatalogsAndWorkgroups" && statement.Actions.SequenceEqual(["athena:ListDataCatalogs", "athena:ListWorkGroups"]));
            Assert.That(statement.Actions.Where(a => a.Contains('*', StringComparison.Ordinal)), keyPolicy && statement.Sid == "AccountAdministersKey" ? Is.EqualTo(new[] { "kms:*" }) : Is.Empty, statement.Sid);
            Assert.That(statement.Resources.Where(r => r == "*"), keyPolicy || noResourceLevelPermission ? Is.EqualTo(new[] { "*" }) : Is.Empty, statement.Sid);
            Assert.That(statement.Resources.Where(r => r != "*" && r.Contains('*', StringComparison.Ordinal) && !r.EndsWith(":log-stream:*", StringComparison.Ordinal) && !r.EndsWith("/*", StringComparison.Ordinal) && !r.EndsWith(":*", StringComparison.Ordinal)), Is.Empty, statement.Sid);
        }
    }

    [TestCaseSource(nameof(AllPolicies))]
    public void EveryStatement_HasAReasonedSid(PolicyDocument policy)
    {
        Assert.That(policy.Statements.Select(s => s.Sid), Has.All.Matches("^[A-Z][A-Za-z0-9]+$"));
        Assert.That(policy.Statements.Select(s => s.Sid), Is.Unique);
    }

    [Test]
    public void FunctionRole_OnlyWritesItsOwnLogGroup()
    {
        Assert.That(LakePolicies.FunctionRole(LogGroup).ToJson(), Is.EqualTo(
            """{"Version":"2012-10-17","Statement":[{"Sid":"WriteOwnLogs","Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":["arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/orders/firehose:log-stream:*"]}]}"""));
    }

    [Test]
    public void PipeRole_NamesEachResourceItServes()
    {
        PolicyDocument policy = LakePolicies.PipeRole(s_aws, Arns.PipeRole);

        Assert.That(policy.Statements.ToDictionary(s => s.Sid, s => string.Join(" ", s.Actions) + " @ " + string.Join(" ", s.Resources)), Is.EqualTo(new Dictionary<string, string>
        {
            ["ReadTableStream"] = $"dynamodb:DescribeStream dynamodb:GetRecords dynamodb:GetShardIterator @ {Stream}",
            ["ListTableStreams"] = "dynamodb:ListStreams @ *",
            ["DeliverToFirehose"] = $"firehose:PutRecord firehose:PutRecordBatch @ {DeliveryStream}",
            ["SendToDeadLetterQueue"] = $"sqs:SendMessage @ {Queue}",
            ["DecryptStreamThroughDynamoDB"] = $"kms:Decrypt @ {Key}",
            ["EncryptDeadLettersThroughSqs"] = $"kms:GenerateDataKey kms:Decrypt @ {Key}",
            ["DescribePipeKey"] = $"kms:DescribeKey @ {Key}",
            ["UsePipeKeyPipesArn"] = $"kms:GenerateDataKey kms:Decrypt @ {Key}",
            ["UsePipeKeyPipeArn"] = $"kms:GenerateDataKey kms:Decrypt @ {Key}",
            ["WritePipeLogs"] = $"logs:CreateLogStream logs:PutLogEvents @ {Arns.PipeLogGroup}:log-stream:*",
        }));
    }

    [Test]
    public void FirehoseRole_UsesTheKeyOnlyThroughS3ForThisBucket()
    {
        PolicyStatement kms = LakePolicies.FirehoseRole(s_aws, Arns.Table, Bucket, Key, Function, LogGroup).Statements.Single(s => s.Actions.Any(a => a.StartsWith("kms:", StringComparison.Ordinal)));

        Assert.That(kms.Resources, Is.EqualTo(new[] { Key }));
        Assert.That(kms.Conditions, Is.EqualTo(new[]
        {
            new PolicyCondition("StringEquals", "kms:ViaService", ["s3.eu-west-1.amazonaws.com"]),
            new PolicyCondition("StringEquals", "kms:EncryptionContext:aws:s3:arn", [Bucket]),
        }).Using<PolicyCondition>((a, b) => a.Operator == b.Operator && a.Key == b.Key && a.Values.SequenceEqual(b.Values)));
    }

    [Test]
    public void KeyPolicy_LetsLogsUseTheKeyOnlyForThisStacksLogGroups()
    {
        string json = LakePolicies.KeyPolicy(s_aws, new LakeNames("dev")).ToJson();

        Assert.That(json, Does.Contain("""{"Sid":"AccountAdministersKey","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["kms:*"],"Resource":["*"]}"""));
        Assert.That(json, Does.Contain("""{"ArnLike":{"kms:EncryptionContext:aws:logs:arn":["arn:aws:logs:eu-west-1:123456789012:log-group:/pipeslake/dev/*"]}}"""));
        Assert.That(json, Does.Contain("""{"Service":"logs.eu-west-1.amazonaws.com"}"""));
    }

    [Test]
    public void BucketPolicy_DeniesEveryRequestWithoutTls()
    {
        Assert.That(LakePolicies.BucketPolicy(Bucket).ToJson(), Is.EqualTo(
            """{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":["s3:*"],"Resource":["arn:aws:s3:::pipeslake-dev-lake-1234","arn:aws:s3:::pipeslake-dev-lake-1234/*"],"Condition":{"Bool":{"aws:SecureTransport":["false"]}}}]}"""));
    }

    [Test]
    public void TrustPolicies_NameNoResourceAndOnlyTheKeysTheirServiceSends()
    {
        Assert.That(TrustPolicies.Pipe(s_aws, Arns.Pipe).ToJson(), Is.EqualTo(
            """{"Version":"2012-10-17","Statement":[{"Sid":"TrustedService","Effect":"Allow","Principal":{"Service":"pipes.amazonaws.com"},"Action":["sts:AssumeRole"],"Condition":{"StringEquals":{"aws:SourceAccount":["123456789012"]},"ArnEquals":{"aws:SourceArn":["arn:aws:pipes:eu-west-1:123456789012:pipe/pipeslake-dev-orders-pipe"]}}}]}"""));
        Assert.That(TrustPolicies.Firehose(s_aws).ToJson(), Is.EqualTo(
            """{"Version":"2012-10-17","Statement":[{"Sid":"TrustedService","Effect":"Allow","Principal":{"Service":"firehose.amazonaws.com"},"Action":["sts:AssumeRole"],"Condition":{"StringEquals":{"sts:ExternalId":["123456789012"]}}}]}"""));
        Assert.That(TrustPolicies.Lambda().ToJson(), Is.EqualTo(
            """{"Version":"2012-10-17","Statement":[{"Sid":"TrustedService","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":["sts:AssumeRole"]}]}"""));
    }
}
