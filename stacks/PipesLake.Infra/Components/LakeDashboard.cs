using Pulumi;
using Pulumi.Aws.CloudWatch;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>
/// The dashboard <c>pipeslake-&lt;stack&gt;</c> (<see cref="DashboardLayout"/>): a row per table, so adding a table updates
/// it in place.
/// </summary>
internal sealed class LakeDashboard : ComponentResource
{
    public LakeDashboard(string name, LakeDashboardArgs args, ComponentResourceOptions? options = null)
        : base("pipeslake:lake:Dashboard", name, options)
    {
        var dashboard = new Dashboard($"{name}-dashboard", new DashboardArgs
        {
            DashboardName = args.Lake.Names.Dashboard,
            DashboardBody = Output.All(args.AlarmArns).Apply(arns => DashboardLayout.Body(args.Lake.Settings, arns)),
        }, ChildOptions.Named(this));
        DashboardName = dashboard.DashboardName;
        RegisterOutputs(new Dictionary<string, object?> { ["dashboardName"] = DashboardName });
    }

    /// <summary>The dashboard's name.</summary>
    public Output<string> DashboardName { get; }
}
