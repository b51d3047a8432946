namespace PipesLake.Replay.Tests;

public sealed class FolderErrorsTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("pipeslake-folder-errors-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    // Walked a folder at a time, yet in the ordinal order of whole paths: '-' (0x2D) and '.' (0x2E) sort before '/' (0x2F),
    // so "a-b/x" and "a.txt" come before "a/b", which a walk that sorted folders by name alone would put first.
    [Test]
    public void Objects_ComeInTheOrdinalOrderOfTheirPaths_TheRunStateLeftOut()
    {
        string[] files = ["a/b", "a/c/d", "a-b/x", "a.txt", "B", "a/.pipeslake/journal.json", "z/.pipeslake/redrive/x.done", "a0"];
        foreach (string file in files)
        {
            string path = Path.Combine(_root, file.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file);
        }

        var objects = new FolderErrors(new DirectoryInfo(_root), Path.Combine(_root, "lake"), table: null);

        string[] expected = ["B", "a-b/x", "a.txt", "a/b", "a/c/d", "a0"];
        Assert.That(objects.Select(o => o.Relative), Is.EqualTo(expected));
        Assert.That(expected, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That((objects.Count, objects.TotalBytes), Is.EqualTo((6, 3L + 5 + 5 + 5 + 1 + 2)));
        Assert.That(objects.Select(o => o.SourceKey), Is.EqualTo(expected.Select(e => "errors/" + e)));
    }

    [Test]
    public void AFolderInsideTheRunState_HoldsNoObjects()
    {
        string state = Path.Combine(_root, ".pipeslake", "redrive");
        Directory.CreateDirectory(state);
        File.WriteAllText(Path.Combine(state, "x.done"), "[]");

        var objects = new FolderErrors(new DirectoryInfo(state), Path.Combine(_root, "lake"), table: null);

        Assert.That((objects.Count, objects.Count()), Is.EqualTo((0, 0)));
    }

    // Ordinal order is of UTF-16 code units: 'z' (7A) < 'é' (E9, one byte a character in the listing) < 'ā' (101) <
    // the surrogate pair of U+1F600 (D83D DE00) < U+E000, though by code point U+E000 comes before U+1F600. The listing
    // keeps each name as what it shares with the one before and the rest: "ad" shares "a" with "ab" across "acā", a
    // name kept as a string.
    [Test]
    public void NamesBeyondLatin1_ComeInOrdinalOrder_AmongLatin1Ones()
    {
        string[] files = ["\uE000", "\U0001F600", "\u0101", "\u00E9", "z", "\u00E9\u00E9", "\u00E9a/x", "ad", "ac\u0101", "ab"];
        foreach (string file in files)
        {
            string path = Path.Combine(_root, file.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "x");
        }

        var objects = new FolderErrors(new DirectoryInfo(_root), Path.Combine(_root, "lake"), table: null);

        string[] expected = ["ab", "ac\u0101", "ad", "z", "\u00E9", "\u00E9a/x", "\u00E9\u00E9", "\u0101", "\U0001F600", "\uE000"];
        Assert.That(objects.Select(o => o.Relative), Is.EqualTo(expected));
        Assert.That(expected, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    // The first walk takes the objects as the folder lists them; the one a check refuses and the run names is still the
    // first in path order, and the walk reaches every object before it says so.
    [Test]
    public void ACheckThatRefusesSome_NamesTheFirstInPathOrder()
    {
        foreach (string file in new[] { "z/bad", "c/bad", "m/good", "d/bad" })
        {
            string path = Path.Combine(_root, file.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file);
        }

        var seen = new List<string>();
        void Check(ErrorObject item)
        {
            seen.Add(item.Relative);
            if (item.Relative.EndsWith("bad", StringComparison.Ordinal))
            {
                throw new ReplayException($"refused: {item.Relative}");
            }
        }

        Assert.That(() => new FolderErrors(new DirectoryInfo(_root), Path.Combine(_root, "lake"), table: null, Check),
            Throws.TypeOf<ReplayException>().With.Message.EqualTo("refused: c/bad"));
        Assert.That(seen, Is.EquivalentTo(new[] { "z/bad", "c/bad", "m/good", "d/bad" }));
    }
}
