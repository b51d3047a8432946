using Pulumi;
using static PipesLake.Infra.Tests.DeployedLake;

namespace PipesLake.Infra.Tests;

/// <summary>
/// A resource with a fixed physical name cannot be created while its predecessor exists, so each one is
/// deleted before its replacement (pulumi/pulumi-aws#511); a table the stack creates never is, and is retained.
/// </summary>
[NonParallelizable]
public sealed class ReplacementTests
{
    private static readonly string[] s_named =
    [
        "key-alias", "partitioner-logs", "partitioner-function", "catalog-database", "queries-workgroup", "queries-reader", "operators-policy",
        "alarms-topic", "alarms-function-errors", "alarms-function-throttles", "alarms-function-duration", "dashboard-dashboard",
        "table-orders-delivery-logs", "table-orders-delivery-s3-delivery", "table-orders-delivery-stream",
        "table-orders-pipe-logs", "table-orders-pipe-dlq", "table-orders-pipe-pipe",
        "table-orders-catalog-changes", "table-orders-catalog-changes-history", "table-orders-catalog-errors", "table-orders-catalog-changes-current", "table-orders-catalog-changes-unique",
        "table-orders-alarms-orders-pipe-execution-failed", "table-orders-alarms-orders-pipe-target-failed", "table-orders-alarms-orders-dlq-messages",
        "table-orders-alarms-orders-firehose-freshness", "table-orders-alarms-orders-firehose-s3-success", "table-orders-alarms-orders-firehose-processing-success",
        "table-orders-alarms-orders-firehose-throttled", "table-orders-alarms-orders-firehose-active-partitions", "table-orders-alarms-orders-firehose-partitions-exceeded",
    ];

    [Test]
    public async Task EveryNamedResource_IsDeletedBeforeItsReplacement()
    {
        IReadOnlyDictionary<string, ResourceOptions> options = await OptionsAsync("dev");

        string[] deletedFirst = [.. options.Where(o => o.Value is CustomResourceOptions { DeleteBeforeReplace: true }).Select(o => o.Key).Order(StringComparer.Ordinal)];
        Assert.That(deletedFirst, Is.EqualTo(s_named.Order(StringComparer.Ordinal)));
    }

    // Removing a table from pipeslake:tables, or destroying the stack, leaves the DynamoDB table and its items; a change
    // that would replace it fails at the create (its name is taken) with the table still in the state.
    [TestCase("dev")]
    [TestCase("prod")]
    public async Task CreatedTable_IsRetainedOnDelete_AndNeverDeletedBeforeAReplacement(string stack)
    {
        IReadOnlyDictionary<string, ResourceOptions> options = await OptionsAsync(stack);

        var table = (CustomResourceOptions)options["table-orders-table-table"];
        Assert.That((table.RetainOnDelete, table.DeleteBeforeReplace, table.Protect), Is.EqualTo(((bool?)true, (bool?)null, (bool?)null)));
        Assert.That(options.Where(o => o.Value.RetainOnDelete == true).Select(o => o.Key), Is.EqualTo(new[] { "table-orders-table-table" }));
        Assert.That(options.Where(o => o.Value.Protect == true), Is.Empty);
    }
}
