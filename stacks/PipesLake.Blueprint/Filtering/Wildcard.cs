namespace PipesLake.Blueprint.Filtering;

/// <summary>
/// <c>wildcard</c> patterns (aws/event-ruler README, "Wildcard matching"): <c>*</c> matches any run of characters,
/// none included; consecutive <c>*</c> are not allowed; <c>\*</c> is a literal asterisk and <c>\\</c> a backslash; a
/// backslash before anything else is not allowed.
/// </summary>
internal static class Wildcard
{
    /// <summary>What is wrong with a pattern, or null.</summary>
    public static string? Problem(string pattern)
    {
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                if (i + 1 >= pattern.Length || pattern[i + 1] is not ('*' or '\\'))
                {
                    return "a backslash escapes only '*' or '\\'";
                }

                i++;
            }
            else if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                return "consecutive wildcard characters are not allowed";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="text"/> matches a well-formed pattern, whole.</summary>
    public static bool Matches(string pattern, string text)
    {
        // Tokens: literal runs and stars; greedy matching with backtracking to the last star.
        var tokens = new List<string?>();
        var literal = new System.Text.StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                literal.Append(pattern[++i]);
            }
            else if (pattern[i] == '*')
            {
                tokens.Add(literal.ToString());
                literal.Clear();
                tokens.Add(null);
            }
            else
            {
                literal.Append(pattern[i]);
            }
        }

        tokens.Add(literal.ToString());
        return Match(tokens, 0, text, 0);
    }

    private static bool Match(List<string?> tokens, int token, string text, int at)
    {
        if (token == tokens.Count)
        {
            return at == text.Length;
        }

        if (tokens[token] is { } literal)
        {
            return at + literal.Length <= text.Length && string.CompareOrdinal(text, at, literal, 0, literal.Length) == 0
                && Match(tokens, token + 1, text, at + literal.Length);
        }

        for (int next = at; next <= text.Length; next++)
        {
            if (Match(tokens, token + 1, text, next))
            {
                return true;
            }
        }

        return false;
    }
}
