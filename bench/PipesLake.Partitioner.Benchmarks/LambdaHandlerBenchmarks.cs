using Amazon.Lambda.KinesisFirehoseEvents;
using Amazon.Lambda.TestUtilities;
using BenchmarkDotNet.Attributes;
using PipesLake.Partitioner;
using PipesLake.Partitioning;

namespace PipesLake.Benchmarks;

/// <summary>
/// The handler row where the Lambda packages exist: the request bytes through the serializer Lambda
/// uses, the handler, and the response serialized back, over the same batch as the offline rows.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class LambdaHandlerBenchmarks
{
    private readonly PartitionerSerializer _serializer = new();
    private readonly TestLambdaContext _context = new();
    private FirehoseBatch _batch = null!;
    private Function _function = null!;
    private MemoryStream _response = null!;

    [GlobalSetup]
    public void Setup()
    {
        _batch = FirehoseBatch.Create();
        _function = new Function(PartitioningOptions.Default);
        _response = new MemoryStream(16 * 1024 * 1024);
    }

    [Benchmark(Description = "handler: Lambda serializer -> FunctionHandler -> Lambda serializer")]
    public long Handler()
    {
        using var request = new MemoryStream(_batch.Request, writable: false);
        FirehoseRequest input = _serializer.Deserialize<FirehoseRequest>(request);
        KinesisFirehoseResponse output = _function.FunctionHandler(input, _context);
        _response.SetLength(0);
        _serializer.Serialize(output, _response);
        return _response.Length;
    }
}
