using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PipesLake.Sampling;

namespace PipesLake.Replay.Tests;

/// <summary>Firehose processing-failed objects of the pipe's records, half of them GZIP; one record in twenty-five fails again.</summary>
internal static class SampleErrorObjects
{
    /// <summary>Each object's path below <c>errors/</c> (the table <c>orders</c>'s) and its bytes.</summary>
    public static IEnumerable<(string Relative, byte[] Bytes)> Create(int objects, int recordsEach)
    {
        var generator = new SampleGenerator(sites: 2, seed: 5, malformedEvery: 25, perSecond: 2);
        var record = new MemoryStream();
        for (int o = 0; o < objects; o++)
        {
            var text = new StringBuilder();
            for (int r = 0; r < recordsEach; r++)
            {
                record.SetLength(0);
                using (var writer = new Utf8JsonWriter(record))
                {
                    generator.WriteContractRecord(writer);
                }

                text.Append($"{{\"attemptsMade\":4,\"arrivalTimestamp\":1704067200000,\"errorCode\":\"Lambda.ProcessingFailedStatus\",\"errorMessage\":\"x\",\"rawData\":\"{Convert.ToBase64String(record.ToArray())}\"}}\n");
            }

            byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
            if (o % 2 == 0)
            {
                using var compressed = new MemoryStream();
                using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                {
                    gzip.Write(bytes);
                }

                bytes = compressed.ToArray();
            }

            yield return ($"orders/processing-failed/year=2024/month=01/day=01/pipeslake-dev-orders-1-2024-01-01-00-00-{o:D2}-{o:D8}", bytes);
        }
    }

    /// <summary>Every line of a set of objects (plain or GZIP, checked whole), sorted: the multiset they hold.</summary>
    public static string[] Lines(IEnumerable<byte[]> objects) =>
        [.. objects.SelectMany(bytes =>
            {
                using Stream stream = LakeFolder.OpenRead(new MemoryStream(bytes));
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            })
            .Order(StringComparer.Ordinal)];
}
