using System.Globalization;
using System.Text;

namespace PipesLake.Blueprint;

/// <summary>
/// A column type as Athena's Hive DDL spells it (Athena User Guide, "Data types in Athena"), parsed once so
/// the Glue table, the Athena view (Trino names) and the local DuckDB query (DuckDB names) all come from
/// one definition: <c>boolean</c>, <c>tinyint</c>, <c>smallint</c>, <c>int</c>, <c>bigint</c>, <c>float</c>,
/// <c>double</c>, <c>decimal(p,s)</c>, <c>string</c>, <c>varchar(n)</c>, <c>char(n)</c>, <c>date</c>,
/// <c>timestamp</c>, <c>binary</c>, <c>array&lt;T&gt;</c>, <c>map&lt;K,V&gt;</c>, <c>struct&lt;name:T,…&gt;</c>.
/// </summary>
public sealed record HiveType(string Name, IReadOnlyList<HiveType> Arguments, IReadOnlyList<string> FieldNames, IReadOnlyList<int> Parameters)
{
    private static readonly Dictionary<string, (string Trino, string DuckDb)> s_primitives = new(StringComparer.Ordinal)
    {
        ["boolean"] = ("boolean", "BOOLEAN"),
        ["tinyint"] = ("tinyint", "TINYINT"),
        ["smallint"] = ("smallint", "SMALLINT"),
        ["int"] = ("integer", "INTEGER"),
        ["bigint"] = ("bigint", "BIGINT"),
        ["float"] = ("real", "FLOAT"),
        ["double"] = ("double", "DOUBLE"),
        ["string"] = ("varchar", "VARCHAR"),
        ["date"] = ("date", "DATE"),
        ["timestamp"] = ("timestamp", "TIMESTAMP"),
        ["binary"] = ("varbinary", "BLOB"),
    };

    /// <summary>A type without arguments, e.g. <c>string</c>.</summary>
    public static HiveType Of(string name) => new(name, [], [], []);

    /// <summary>Parses a Hive type; false with a reason for anything else.</summary>
    public static bool TryParse(string text, out HiveType? type, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Reader(text.Trim());
        try
        {
            type = reader.Type();
            reader.End();
            problem = null;
            return true;
        }
        catch (FormatException e)
        {
            type = null;
            problem = e.Message;
            return false;
        }
    }

    /// <summary>The Hive spelling, normalized: <c>array&lt;string&gt;</c>, <c>decimal(10,2)</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Name);
        if (Parameters.Count > 0)
        {
            text.Append('(').AppendJoin(',', Parameters).Append(')');
        }

        if (Arguments.Count > 0)
        {
            text.Append('<').AppendJoin(',', Arguments.Select((a, i) => FieldNames.Count > 0 ? $"{FieldNames[i]}:{a}" : a.ToString())).Append('>');
        }

        return text.ToString();
    }

    /// <summary>The Trino (Athena engine v3) spelling, as an Athena view stored in Glue lists its columns.</summary>
    public string ToTrino() => Name switch
    {
        "array" => $"array({Arguments[0].ToTrino()})",
        "map" => $"map({Arguments[0].ToTrino()},{Arguments[1].ToTrino()})",
        "struct" => $"row({string.Join(",", FieldNames.Select((f, i) => $"{f} {Arguments[i].ToTrino()}"))})",
        "decimal" or "varchar" or "char" => $"{Name}({string.Join(",", Parameters)})",
        _ => s_primitives[Name].Trino,
    };

    /// <summary>The DuckDB spelling, for the local query.</summary>
    public string ToDuckDb() => Name switch
    {
        "array" => $"{Arguments[0].ToDuckDb()}[]",
        "map" => $"MAP({Arguments[0].ToDuckDb()}, {Arguments[1].ToDuckDb()})",
        "struct" => $"STRUCT({string.Join(", ", FieldNames.Select((f, i) => $"\"{f}\" {Arguments[i].ToDuckDb()}"))})",
        "decimal" => $"DECIMAL({string.Join(",", Parameters)})",
        "varchar" or "char" => "VARCHAR",
        _ => s_primitives[Name].DuckDb,
    };

    private sealed class Reader(string text)
    {
        private int _at;

        public HiveType Type()
        {
            string name = Word();
            switch (name)
            {
                case "array":
                    Expect('<');
                    HiveType element = Type();
                    Expect('>');
                    return new HiveType(name, [element], [], []);
                case "map":
                    Expect('<');
                    HiveType key = Type();
                    if (key.Arguments.Count > 0)
                    {
                        throw new FormatException("a map key must be a primitive type");
                    }

                    Expect(',');
                    HiveType value = Type();
                    Expect('>');
                    return new HiveType(name, [key, value], [], []);
                case "struct":
                    Expect('<');
                    var fields = new List<string>();
                    var types = new List<HiveType>();
                    do
                    {
                        string field = Word();
                        if (fields.Contains(field, StringComparer.Ordinal))
                        {
                            throw new FormatException($"the struct field '{field}' appears twice");
                        }

                        fields.Add(field);
                        Expect(':');
                        types.Add(Type());
                    }
                    while (TryTake(','));
                    Expect('>');
                    return new HiveType(name, types, fields, []);
                case "decimal":
                    int[] precision = TryTake('(') ? Numbers(2) : [10, 0];
                    if (precision[0] is < 1 or > 38 || precision[1] < 0 || precision[1] > precision[0])
                    {
                        throw new FormatException("decimal(p,s) needs 1 <= p <= 38 and 0 <= s <= p");
                    }

                    return new HiveType(name, [], [], precision);
                case "varchar" or "char":
                    Expect('(');
                    int[] length = Numbers(1);
                    if (length[0] < 1 || length[0] > (name == "char" ? 255 : 65535))
                    {
                        throw new FormatException($"{name}(n) needs n from 1 to {(name == "char" ? 255 : 65535)}");
                    }

                    return new HiveType(name, [], [], length);
                default:
                    return s_primitives.ContainsKey(name) ? Of(name) : throw new FormatException($"'{name}' is not an Athena type");
            }
        }

        public void End()
        {
            SkipSpaces();
            if (_at != text.Length)
            {
                throw new FormatException($"unexpected '{text[_at..]}'");
            }
        }

        private int[] Numbers(int count)
        {
            var numbers = new int[count];
            for (int i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    Expect(',');
                }

                SkipSpaces();
                int start = _at;
                while (_at < text.Length && char.IsAsciiDigit(text[_at]))
                {
                    _at++;
                }

                if (!int.TryParse(text.AsSpan(start, _at - start), NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
                {
                    throw new FormatException("expected a whole number");
                }
            }

            Expect(')');
            return numbers;
        }

        private string Word()
        {
            SkipSpaces();
            int start = _at;
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] == '_'))
            {
                _at++;
            }

            return _at > start ? text[start.._at].ToLowerInvariant() : throw new FormatException(_at < text.Length ? $"unexpected '{text[_at]}'" : "the type ends too soon");
        }

        private void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw new FormatException(_at < text.Length ? $"expected '{c}' but found '{text[_at]}'" : $"expected '{c}' at the end");
            }
        }

        private bool TryTake(char c)
        {
            SkipSpaces();
            if (_at < text.Length && text[_at] == c)
            {
                _at++;
                return true;
            }

            return false;
        }

        private void SkipSpaces()
        {
            while (_at < text.Length && text[_at] == ' ')
            {
                _at++;
            }
        }
    }
}
