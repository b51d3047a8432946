using Pulumi;
using Pulumi.Aws.Sns;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>
/// What tells the on-call engineer: an SNS topic encrypted with the stack's key (optionally mailed) and the alarms on
/// the shared function acting on it (<see cref="Alarms.Shared"/>); each table's own are <see cref="TableAlarms"/>.
/// </summary>
internal sealed class LakeAlarms : ComponentResource
{
    public LakeAlarms(string name, LakeAlarmsArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:Alarms", name, options)
    {
        LakeContext lake = args.Lake;
        LakeSettings settings = lake.Settings;
        var topic = new Topic($"{name}-topic", new TopicArgs
        {
            Name = lake.Names.AlarmTopic,
            KmsMasterKeyId = lake.KeyArn,
            Tags = lake.Tags,
        }, ChildOptions.Named(this));
        _ = new TopicPolicy($"{name}-topic-policy", new TopicPolicyArgs
        {
            Arn = topic.Arn,
            Policy = Output.Tuple(lake.Aws, topic.Arn).Apply(t => LakePolicies.TopicPolicy(t.Item1, t.Item2).ToJson()),
        }, ChildOptions.Of(this));
        if (settings.AlarmEmail is { } email)
        {
            _ = new TopicSubscription($"{name}-email", new TopicSubscriptionArgs
            {
                Topic = topic.Arn,
                Protocol = "email",
                Endpoint = email,
            }, ChildOptions.Of(this));
        }

        AlarmArns = [.. Alarms.Shared(settings).Select(alarm => AlarmResources.Create(name, alarm, lake, topic.Arn, this).Arn)];
        TopicArn = topic.Arn;
        RegisterOutputs(new Dictionary<string, object?> { ["topicArn"] = TopicArn, ["alarmArns"] = Output.All(AlarmArns) });
    }

    /// <summary>The alarm topic's ARN.</summary>
    public Output<string> TopicArn { get; }

    /// <summary>The shared alarms' ARNs, for the dashboard.</summary>
    public IReadOnlyList<Output<string>> AlarmArns { get; }
}
