namespace PipesLake.Blueprint;

/// <summary>One CloudWatch alarm on one AWS metric.</summary>
/// <param name="Id">Part of the alarm's name and resource name.</param>
/// <param name="Description">What it means and what to do, with the runbook's section.</param>
/// <param name="Namespace">The metric's namespace, e.g. <c>AWS/Firehose</c>.</param>
/// <param name="MetricName">The metric.</param>
/// <param name="Dimensions">The metric's dimensions: the real resource names.</param>
/// <param name="Statistic">Sum, Average, Maximum or Minimum.</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="ComparisonOperator">CloudWatch's comparison operator.</param>
/// <param name="TreatMissingData">What no data means: <c>notBreaching</c> for counts, <c>breaching</c> where silence is the failure.</param>
public sealed record AlarmDefinition(
    string Id,
    string Description,
    string Namespace,
    string MetricName,
    IReadOnlyDictionary<string, string> Dimensions,
    string Statistic,
    double Threshold,
    string ComparisonOperator,
    string TreatMissingData);
