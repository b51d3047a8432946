using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PipesLake.Partitioning;

namespace PipesLake.Benchmarks;

/// <summary>
/// The three rows of the partitioning issue, measured in one run over the same ~6 MB batch:
/// floor (decode + one reader pass + encode, no logic), core (the pure per-record transform) and
/// handler (request JSON in, response JSON out, through the same code the replay's transform runs).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class PartitioningBenchmarks
{
    private FirehoseBatch _batch = null!;
    private RecordTransformer _transformer = null!;
    private FirehoseBatchTransformer _batchTransformer = null!;
    private MemoryStream _response = null!;

    [GlobalSetup]
    public void Setup()
    {
        _batch = FirehoseBatch.Create();
        _transformer = new RecordTransformer(PartitioningOptions.Default);
        _batchTransformer = new FirehoseBatchTransformer(PartitioningOptions.Default, maxResponseBytes: long.MaxValue);
        _response = new MemoryStream(16 * 1024 * 1024);
    }

    [Benchmark(Baseline = true, Description = "floor: base64 + reader pass + base64")]
    public long Floor()
    {
        long sink = 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        foreach (FirehoseInputRecord record in _batch.Encoded)
        {
            Convert.TryFromBase64String(record.Data!, buffer, out int length);
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length));
            while (reader.Read())
            {
                sink += (int)reader.TokenType;
            }

            sink += Convert.ToBase64String(buffer.AsSpan(0, length)).Length;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return sink;
    }

    [Benchmark(Description = "core: record transform")]
    public long Core()
    {
        long sink = 0;
        foreach (byte[] record in _batch.Decoded)
        {
            TransformOutcome outcome = _transformer.Transform(record);
            sink += _transformer.Line.Length + (int)outcome.Failure;
        }

        return sink;
    }

    [Benchmark(Description = "handler: request JSON -> response JSON")]
    public long Handler()
    {
        _response.SetLength(0);
        List<FirehoseInputRecord> records = FirehoseEventJson.ReadRecords(_batch.Request);
        FirehoseEventJson.WriteResponse(_response, _batchTransformer.Transform(records));
        return _response.Length;
    }
}
