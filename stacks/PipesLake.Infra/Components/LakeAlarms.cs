using Pulumi;
using Pulumi.Aws.CloudWatch;
using Pulumi.Aws.Sns;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>
/// What tells the on-call engineer: an SNS topic encrypted with the stack's key (optionally mailed), one
/// alarm per <see cref="Alarms"/> definition acting on it, and the dashboard <c>pipeslake-&lt;stack&gt;</c>.
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

        var alarmArns = new List<Output<string>>();
        foreach (AlarmDefinition alarm in Alarms.For(settings))
        {
            var metricAlarm = new MetricAlarm($"{name}-{alarm.Id}", new MetricAlarmArgs
            {
                Name = $"{lake.Names.Prefix}-{alarm.Id}",
                AlarmDescription = alarm.Description,
                Namespace = alarm.Namespace,
                MetricName = alarm.MetricName,
                Dimensions = new Dictionary<string, string>(alarm.Dimensions, StringComparer.Ordinal),
                Statistic = alarm.Statistic,
                Period = settings.AlarmPeriodSeconds,
                EvaluationPeriods = 1,
                Threshold = alarm.Threshold,
                ComparisonOperator = alarm.ComparisonOperator,
                TreatMissingData = alarm.TreatMissingData,
                AlarmActions = { topic.Arn },
                OkActions = { topic.Arn },
                Tags = lake.Tags,
            }, ChildOptions.Named(this));
            alarmArns.Add(metricAlarm.Arn);
        }

        var dashboard = new Dashboard($"{name}-dashboard", new DashboardArgs
        {
            DashboardName = lake.Names.Dashboard,
            DashboardBody = Output.All(alarmArns).Apply(arns => DashboardLayout.Body(settings, arns)),
        }, ChildOptions.Named(this));

        TopicArn = topic.Arn;
        DashboardName = dashboard.DashboardName;
        RegisterOutputs(new Dictionary<string, object?> { ["topicArn"] = TopicArn, ["dashboardName"] = DashboardName });
    }

    /// <summary>The alarm topic's ARN.</summary>
    public Output<string> TopicArn { get; }

    /// <summary>The dashboard's name.</summary>
    public Output<string> DashboardName { get; }
}
