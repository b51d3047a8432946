using Pulumi;
using static PipesLake.Infra.Tests.DeployedLake;

namespace PipesLake.Infra.Tests;

/// <summary>
/// A resource with a fixed physical name cannot be created while its predecessor exists, so each one is
/// deleted before its replacement (pulumi/pulumi-aws#511); the table is protected where it holds real data.
/// </summary>
[NonParallelizable]
public sealed class ReplacementTests
{
    private static readonly string[] s_named =
    [
        "key-alias", "partitioner-logs", "partitioner-function", "delivery-logs", "delivery-s3-delivery", "delivery-stream",
        "pipe-logs", "pipe-dlq", "pipe-pipe",
        "catalog-database", "catalog-changes", "catalog-changes-history", "catalog-errors", "catalog-changes-current", "queries-workgroup", "queries-reader", "operators-policy",
        "alarms-topic", "alarms-dashboard", "alarms-pipe-execution-failed", "alarms-pipe-target-failed", "alarms-dlq-messages",
        "alarms-firehose-freshness", "alarms-firehose-s3-success", "alarms-firehose-processing-success", "alarms-firehose-throttled",
        "alarms-firehose-active-partitions", "alarms-firehose-partitions-exceeded", "alarms-function-errors", "alarms-function-throttles",
        "alarms-function-duration",
    ];

    [Test]
    public async Task EveryNamedResource_IsDeletedBeforeItsReplacement()
    {
        IReadOnlyDictionary<string, ResourceOptions> options = await OptionsAsync("dev");

        string[] deletedFirst = [.. options.Where(o => o.Value is CustomResourceOptions { DeleteBeforeReplace: true }).Select(o => o.Key).Order(StringComparer.Ordinal)];
        Assert.That(deletedFirst, Is.EqualTo(s_named.Append("table-table").Order(StringComparer.Ordinal)));
    }

    [Test]
    public async Task ProdTable_IsProtectedAndNeverReplacedByAnUpdate()
    {
        IReadOnlyDictionary<string, ResourceOptions> options = await OptionsAsync("prod");

        Assert.That(options["table-table"].Protect, Is.True);
        Assert.That(((CustomResourceOptions)options["table-table"]).DeleteBeforeReplace, Is.Not.True);
        Assert.That(options.Where(o => o.Value.Protect == true).Select(o => o.Key), Is.EqualTo(new[] { "table-table" }));
    }

    [Test]
    public async Task DevTable_IsNotProtected()
    {
        IReadOnlyDictionary<string, ResourceOptions> options = await OptionsAsync("dev");

        Assert.That(options["table-table"].Protect, Is.Not.True);
    }
}
