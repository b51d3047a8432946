using Pulumi;
using Pulumi.Aws.CloudWatch;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>One CloudWatch alarm of an <see cref="AlarmDefinition"/>, acting on the stack's topic.</summary>
internal static class AlarmResources
{
    public static MetricAlarm Create(string name, AlarmDefinition alarm, LakeContext lake, Output<string> topicArn, Resource parent) =>
        new($"{name}-{alarm.Id}", new MetricAlarmArgs
        {
            Name = $"{lake.Names.Prefix}-{alarm.Id}",
            AlarmDescription = alarm.Description,
            Namespace = alarm.Namespace,
            MetricName = alarm.MetricName,
            Dimensions = new Dictionary<string, string>(alarm.Dimensions, StringComparer.Ordinal),
            Statistic = alarm.Statistic,
            Period = lake.Settings.AlarmPeriodSeconds,
            EvaluationPeriods = 1,
            Threshold = alarm.Threshold,
            ComparisonOperator = alarm.ComparisonOperator,
            TreatMissingData = alarm.TreatMissingData,
            AlarmActions = { topicArn },
            OkActions = { topicArn },
            Tags = lake.Tags,
        }, ChildOptions.Named(parent));
}
