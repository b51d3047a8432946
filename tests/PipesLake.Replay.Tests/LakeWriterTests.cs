using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Tests;

/// <summary>
/// An object larger than the writer holds in memory (an eighth of the sort memory) goes on in a file, so a run's
/// memory does not follow the size of its largest partition; it is named and written as one held in memory would be,
/// in a folder and in a bucket, plain or GZIP, and a rerun finds it.
/// </summary>
public sealed class LakeWriterTests
{
    private static readonly DateTimeOffset s_arrival = new(2024, 1, 1, 0, 5, 0, TimeSpan.Zero);

    // 3,000 lines of 100 bytes under data/orders/a/ (300,000 bytes, over 64 KiB: a file with 64 KiB of sort memory), and
    // ten under data/orders/b/ (1,000 bytes, held in memory either way).
    private static readonly byte[] s_large = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 3000).Select(i => $"{i:D6}".PadRight(99, 'x') + "\n")));
    private static readonly byte[] s_small = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 10).Select(i => $"b{i:D5}".PadRight(99, 'y') + "\n")));

    private string _root = null!;

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("pipeslake-writer-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [TestCase(false)]
    [TestCase(true)]
    public void AnObjectLargerThanItsMemory_GoesThroughAFile_NamedAndWrittenAsOneHeldInMemory(bool gzip)
    {
        string streamed = Path.Combine(_root, "streamed");
        string held = Path.Combine(_root, "held");

        using (var lake = new LakeFolder(streamed))
        {
            Assert.That(Write(lake, 64L << 10, gzip).ThroughFiles, Is.EqualTo(1), "data/orders/a/ went through a file");
            Assert.That(Directory.EnumerateFileSystemEntries(lake.TempFolder), Is.Empty, "no object file left behind");
        }

        using (var lake = new LakeFolder(held))
        {
            Assert.That(Write(lake, LakeWriterOptions.DefaultSortMemoryBytes, gzip).ThroughFiles, Is.Zero);
        }

        string suffix = gzip ? ".gz" : string.Empty;
        Assert.That(Tree(streamed), Is.EqualTo(Tree(held)));
        Assert.That(Tree(streamed).Keys, Is.EqualTo(new[] { $"data/orders/a/{Name("data/orders/a/", s_large)}{suffix}", $"data/orders/b/{Name("data/orders/b/", s_small)}{suffix}" }));
        Assert.That(Tree(streamed).Values, Is.EqualTo(new[] { Encoding.ASCII.GetString(s_large), Encoding.ASCII.GetString(s_small) }));
    }

    [Test]
    public void AnObjectThroughAFile_LandsInTheBucketAsInTheFolder_AndARerunFindsIt()
    {
        using S3Server server = S3Server.Start();
        server.CreateBucket("streamed");
        string folder = Path.Combine(_root, "folder");
        using (var lake = new LakeFolder(folder))
        {
            Write(lake, LakeWriterOptions.DefaultSortMemoryBytes, gzip: true);
        }

        using Amazon.S3.IAmazonS3 client = server.ToolClient();
        var bucket = new S3Lake(client, S3Location.Parse("s3://streamed/"), kmsKeyId: null);
        (int Objects, int AlreadyThere, int ThroughFiles) first = Write(bucket, 64L << 10, gzip: true);
        (int Objects, int AlreadyThere, int ThroughFiles) second = Write(bucket, 64L << 10, gzip: true);

        Assert.That(server.Keys("streamed", "data/"), Is.EqualTo(Tree(folder).Keys));
        Assert.That(server.Keys("streamed", "data/").Select(k => Decompress(server.Get("streamed", k))), Is.EqualTo(Tree(folder).Values));
        Assert.That((first, second), Is.EqualTo(((2, 0, 1), (2, 2, 1))));
    }

    private static (int Objects, int AlreadyThere, int ThroughFiles) Write(IObjectStore lake, long sortMemory, bool gzip)
    {
        using var writer = new LakeWriter(new LakeWriterOptions(new StackTables(SettingsReader.Defaults("dev", "eu-west-1")), 1L << 20, gzip, s_arrival) { MaxBufferedBytes = sortMemory }, lake);
        UnitLines lines = writer.Worker();
        // Six units of 500 lines: data/orders/a/ comes to the writer in six pieces of 50,000 bytes, so the second one
        // finds 50,000 bytes held and carries them over into the file.
        for (int unit = 0; unit < 6; unit++)
        {
            lines.Begin(unit);
            for (int i = unit * 50_000; i < (unit + 1) * 50_000; i += 100)
            {
                lines.Append("data/orders/a/", s_large.AsSpan(i, 100));
                if (i < s_small.Length)
                {
                    lines.Append("data/orders/b/", s_small.AsSpan(i, 100));
                }
            }

            lines.End();
        }

        writer.Complete();
        var summary = new ReplaySummary();
        writer.Report(summary);
        return (summary.Objects, summary.AlreadyThere, writer.ObjectsThroughFiles);
    }

    /// <summary>Firehose's name: stream, version, arrival, and a UUID from SHA-256 of (place 0, prefix, content).</summary>
    private static string Name(string prefix, byte[] content)
    {
        byte[] hashed = [.. new byte[4], .. Encoding.UTF8.GetBytes(prefix), .. content];
        BinaryPrimitives.WriteInt32LittleEndian(hashed, 0);
        return $"pipeslake-dev-orders-1-2024-01-01-00-05-00-{new Guid(SHA256.HashData(hashed).AsSpan(0, 16))}";
    }

    private static SortedDictionary<string, string> Tree(string root) => new(
        Directory.EnumerateFiles(Path.Combine(root, "data"), "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), f => Decompress(File.ReadAllBytes(f))),
        StringComparer.Ordinal);

    private static string Decompress(byte[] bytes)
    {
        if (bytes is not [0x1f, 0x8b, ..])
        {
            return Encoding.ASCII.GetString(bytes);
        }

        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return Encoding.ASCII.GetString(plain.ToArray());
    }
}
