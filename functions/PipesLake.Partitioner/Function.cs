using Amazon.Lambda.Core;
using Amazon.Lambda.KinesisFirehoseEvents;
using Amazon.Lambda.Serialization.SystemTextJson;
using PipesLake.Partitioning;

[assembly: LambdaSerializer(typeof(SourceGeneratorLambdaJsonSerializer<PipesLake.Partitioner.PartitionerJsonContext>))]

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
    /// unchanged; the only exception is a response too large for Lambda, which fails the invocation
    /// on purpose (see <see cref="ResponseTooLargeException"/>). Logs counts, never record contents.
    /// </summary>
    public KinesisFirehoseResponse FunctionHandler(KinesisFirehoseEvent input, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);

        FirehoseBatchResult result;
        try
        {
            result = _transformer.Transform(FirehoseMapping.ToInputs(input));
        }
        catch (ResponseTooLargeException e)
        {
            context.Logger.LogError($"invocation={input.InvocationId} records={e.Records} estimatedBytes={e.EstimatedBytes} limitBytes={e.LimitBytes} failing the batch: response too large");
            throw;
        }

        context.Logger.LogInformation($"invocation={input.InvocationId} {result.Summary}");
        return FirehoseMapping.ToResponse(result);
    }
}
