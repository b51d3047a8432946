using Pulumi;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>A table's alarms along its data path (pipe, dead-letter queue, delivery stream) on the stack's topic (<see cref="Alarms.For(LakeSettings, TableSettings)"/>).</summary>
internal sealed class TableAlarms : ComponentResource
{
    public TableAlarms(string name, TableAlarmsArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:TableAlarms", name, options)
    {
        AlarmArns = [.. Alarms.For(args.Lake.Settings, args.Table).Select(alarm => AlarmResources.Create(name, alarm, args.Lake, args.TopicArn, this).Arn)];
        RegisterOutputs(new Dictionary<string, object?> { ["alarmArns"] = Output.All(AlarmArns) });
    }

    /// <summary>The table's alarms' ARNs, for the dashboard.</summary>
    public IReadOnlyList<Output<string>> AlarmArns { get; }
}
