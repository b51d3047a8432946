using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PipesLake.Sampling;

/// <summary>
/// Whole inputs of the offline tools, written from a <see cref="SampleGenerator"/>: a DynamoDB export folder as
/// DynamoDB writes one (items in no time order), and a tree of Firehose error objects.
/// </summary>
public static class SampleFiles
{
    /// <summary>Items in one data file of an export written by <see cref="WriteExport"/>.</summary>
    public const int ItemsPerDataFile = 100_000;

    /// <summary>Records in one error object written by <see cref="WriteErrorObjects"/>.</summary>
    public const int RecordsPerErrorObject = 10_000;

    /// <summary>The export id in the manifests <see cref="WriteExport"/> writes.</summary>
    public const string ExportId = "01704067200000-5a3b1e00";

    /// <summary>
    /// A DYNAMODB_JSON export of <paramref name="count"/> items into <paramref name="folder"/>: <c>manifest-summary.json</c>,
    /// <c>manifest-files.json</c> (item count and MD5 of each file) and GZIP data files under <c>data/</c>. Items are
    /// spread over the files at random and shuffled within each, as a real export lists them in key-hash order,
    /// not time order; about <paramref name="itemsPerFile"/> items a file.
    /// </summary>
    public static void WriteExport(SampleGenerator generator, int count, string folder, int seed, int itemsPerFile = ItemsPerDataFile)
    {
        ArgumentNullException.ThrowIfNull(generator);
        int files = Math.Max(1, (count + itemsPerFile - 1) / itemsPerFile);
        string data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        var random = new Random(seed);
        var parts = new StreamWriter[files];
        for (int f = 0; f < files; f++)
        {
            parts[f] = new StreamWriter(Path.Combine(data, $"part-{f:D5}.tmp"), append: false, new UTF8Encoding(false));
        }

        using (var line = new MemoryStream())
        {
            for (int i = 0; i < count; i++)
            {
                line.SetLength(0);
                using (var writer = new Utf8JsonWriter(line))
                {
                    generator.WriteExportItem(writer);
                }

                parts[random.Next(files)].WriteLine(Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length));
            }
        }

        var manifest = new StringBuilder();
        for (int f = 0; f < files; f++)
        {
            parts[f].Dispose();
            string temp = Path.Combine(data, $"part-{f:D5}.tmp");
            string[] lines = File.ReadAllLines(temp);
            random.Shuffle(lines);
            string name = $"part-{f:D5}.json.gz";
            using (var gzip = new StreamWriter(new GZipStream(File.Create(Path.Combine(data, name)), CompressionLevel.Fastest), new UTF8Encoding(false)))
            {
                foreach (string item in lines)
                {
                    gzip.Write(item);
                    gzip.Write('\n');
                }
            }

            File.Delete(temp);
            string md5;
            using (FileStream written = File.OpenRead(Path.Combine(data, name)))
            {
                md5 = Convert.ToBase64String(MD5.HashData(written));
            }

            manifest.Append(CultureInfo.InvariantCulture, $"{{\"itemCount\":{lines.Length},\"md5Checksum\":\"{md5}\",\"etag\":\"{f}\",\"dataFileS3Key\":\"AWSDynamoDB/{ExportId}/data/{name}\"}}\n");
        }

        File.WriteAllText(Path.Combine(folder, "manifest-files.json"), manifest.ToString());
        File.WriteAllText(Path.Combine(folder, "manifest-summary.json"), string.Create(CultureInfo.InvariantCulture,
            $"{{\"version\":\"2020-06-30\",\"exportArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/{SampleGenerator.Table}/export/{ExportId}\",\"tableArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/{SampleGenerator.Table}\",\"exportTime\":\"2024-02-01T12:00:00Z\",\"outputFormat\":\"DYNAMODB_JSON\",\"itemCount\":{count}}}"));
    }

    /// <summary>
    /// Firehose processing-failed error objects of <paramref name="count"/> records (as the pipe sent them) into
    /// <paramref name="folder"/>, laid out as under the lake's <c>errors/</c>, in the sample table's folder:
    /// <c>orders/processing-failed/year=…/month=…/day=…/&lt;stream&gt;-1-&lt;time&gt;-&lt;n&gt;</c>, <paramref name="recordsEach"/> records each.
    /// </summary>
    public static void WriteErrorObjects(SampleGenerator generator, int count, string folder, int recordsEach = RecordsPerErrorObject)
    {
        ArgumentNullException.ThrowIfNull(generator);
        string day = Directory.CreateDirectory(Path.Combine(folder, SampleGenerator.Table, "processing-failed", "year=2024", "month=01", "day=01")).FullName;
        using var record = new MemoryStream();
        for (int o = 0; o * recordsEach < count; o++)
        {
            string name = Path.Combine(day, string.Create(CultureInfo.InvariantCulture, $"pipeslake-dev-{SampleGenerator.Table}-1-2024-01-01-00-00-00-{o:D8}"));
            using var output = new StreamWriter(name, append: false, new UTF8Encoding(false));
            for (int r = o * recordsEach; r < Math.Min(count, (o + 1) * recordsEach); r++)
            {
                record.SetLength(0);
                using (var writer = new Utf8JsonWriter(record))
                {
                    generator.WriteContractRecord(writer);
                }

                output.Write("{\"attemptsMade\":4,\"arrivalTimestamp\":1704067200000,\"errorCode\":\"Lambda.ProcessingFailedStatus\",\"errorMessage\":\"The Lambda function was successfully invoked but it returned an error result.\",\"rawData\":\"");
                output.Write(Convert.ToBase64String(record.GetBuffer(), 0, (int)record.Length));
                output.Write("\",\"lambdaArn\":\"arn:aws:lambda:eu-west-1:123456789012:function:pipeslake-dev-partitioner:$LATEST\"}\n");
            }
        }
    }
}
