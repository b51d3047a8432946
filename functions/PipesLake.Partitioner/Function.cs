using System.Text.Json;
using Amazon.Lambda.Core;
using Amazon.Lambda.KinesisFirehoseEvents;
using PipesLake.Partitioning;

[assembly: LambdaSerializer(typeof(PipesLake.Partitioner.PartitionerSerializer))]

namespace PipesLake.Partitioner;

/// <summary>
/// The Firehose data-transformation Lambda. Handler:
/// <c>PipesLake.Partitioner::PipesLake.Partitioner.Function::FunctionHandler</c>.
/// </summary>
public sealed class Function
{
    private readonly FirehoseBatchTransformer _transformer;

    /// <summary>Used by the Lambda runtime: reads the attribute names from the environment the stack sets.</summary>
    public Function()
        : this(PartitioningOptions.FromEnvironment(Environment.GetEnvironmentVariable))
    {
    }

    /// <summary>Used by tests and the local replay: explicit options.</summary>
    public Function(PartitioningOptions options)
    {
        _transformer = new FirehoseBatchTransformer(options);
    }

    /// <summary>
    /// Transforms one Firehose batch. Bad records come back <c>ProcessingFailed</c> with their data
    /// unchanged. The invocation fails on purpose only for a request that breaks a
    /// <see cref="FirehoseRequestRules"/> rule (no records, a record without an id) and for a response too
    /// large for Lambda (see <see cref="ResponseTooLargeException"/>): Firehose then retries and writes the
    /// batch under its error prefix. Logs counts and ids, never record contents.
    /// </summary>
    public KinesisFirehoseResponse FunctionHandler(FirehoseRequest? input, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        string? invocation = input?.InvocationId;
        FirehoseBatchResult result;
        try
        {
            // A JSON null body is a request without records, refused as transform refuses it.
            result = _transformer.Transform(FirehoseMapping.ToInputs(input ?? throw FirehoseRequestRules.NoRecords()));
        }
        catch (JsonException e)
        {
            context.Logger.LogError($"invocation={invocation} failing the batch: {e.Message}");
            throw;
        }
        catch (ResponseTooLargeException e)
        {
            context.Logger.LogError($"invocation={invocation} records={e.Records} estimatedBytes={e.EstimatedBytes} limitBytes={e.LimitBytes} failing the batch: response too large");
            throw;
        }

        context.Logger.LogInformation($"invocation={invocation} {result.Summary}");
        return FirehoseMapping.ToResponse(result);
    }
}
