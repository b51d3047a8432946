using Pulumi;
using Pulumi.Aws.DynamoDB;
using Pulumi.Aws.Kms;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>
/// A table that exists before the stack: looked up (<see cref="GetTable"/>), never created, changed, imported or
/// deleted. Its stream must be on with <c>NEW_AND_OLD_IMAGES</c>; a missing table, a stream that is off or of another
/// view type stops the program before any resource, with one line naming the table and saying what to run. A table
/// under its own customer-managed key names that key, for the pipe's role; under an AWS owned or AWS managed key, none.
/// </summary>
/// <param name="TableName">The table's name.</param>
/// <param name="StreamArn">Its stream, the pipe's source.</param>
/// <param name="StreamKeyArn">Its customer-managed key, or null.</param>
internal sealed record ExistingTable(string TableName, string StreamArn, string? StreamKeyArn)
{
    /// <summary>The stream view type the pipe's template reads both images from.</summary>
    public const string ViewType = "NEW_AND_OLD_IMAGES";

    /// <summary>
    /// Looks every existing table of the stack up, together, before any resource is registered: a table the pipe cannot
    /// read stops the program with one line each, and nothing else is reported (a failed lookup inside a resource's
    /// inputs would also fail every resource that reads it).
    /// </summary>
    /// <exception cref="RunException">One or more tables are missing or stream nothing the pipe can read.</exception>
    public static async Task<IReadOnlyDictionary<string, ExistingTable>> LookupAllAsync(LakeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        (TableSettings Table, Task<ExistingTable> Lookup)[] lookups = [.. settings.Tables.Where(t => t.Existing).Select(t => (t, LookupAsync(t)))];
        var found = new Dictionary<string, ExistingTable>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach ((TableSettings table, Task<ExistingTable> lookup) in lookups)
        {
            try
            {
                found[table.Name] = await lookup.ConfigureAwait(false);
            }
            catch (RunException e)
            {
                problems.Add(e.Message);
            }
        }

        return problems.Count == 0 ? found : throw new RunException(string.Join(Environment.NewLine, problems));
    }

    private static async Task<ExistingTable> LookupAsync(TableSettings table)
    {
        GetTableResult found = await Find(table).ConfigureAwait(false);
        string? key = found.ServerSideEncryption is { Enabled: true, KmsKeyArn: { Length: > 0 } arn } ? await CustomerKey(table, arn).ConfigureAwait(false) : null;
        return new ExistingTable(found.Name, found.StreamArn, key);
    }

    private static async Task<GetTableResult> Find(TableSettings table)
    {
        GetTableResult found;
        try
        {
            found = await GetTable.InvokeAsync(new GetTableArgs { Name = table.Name }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RunException)
        {
            // DynamoDB answers ResourceNotFoundException for a table that is not there (DynamoDB API Reference, DescribeTable).
            throw new RunException(e.Message.Contains("ResourceNotFoundException", StringComparison.Ordinal)
                ? $"{SettingKeys.Tables}: the existing table '{table.Name}' was not found in this account and region ({FirstLine(e.Message)}); create it, fix its name, or set {TableFields.Existing}: false to let the stack create it."
                : $"{SettingKeys.Tables}: the existing table '{table.Name}' could not be read ({FirstLine(e.Message)}); allow dynamodb:DescribeTable on it to whoever runs pulumi.");
        }

        string turnOn = $"aws dynamodb update-table --table-name {table.Name} --stream-specification StreamEnabled=true,StreamViewType={ViewType}";
        if (!found.StreamEnabled)
        {
            throw new RunException($"{SettingKeys.Tables}: the existing table '{table.Name}' has its stream off; the pipe reads both images from it: {turnOn}");
        }

        if (found.StreamViewType != ViewType)
        {
            throw new RunException($"{SettingKeys.Tables}: the existing table '{table.Name}' streams {found.StreamViewType}; the pipe needs {ViewType}. A stream's view type cannot change: turn it off (aws dynamodb update-table --table-name {table.Name} --stream-specification StreamEnabled=false), then on: {turnOn}");
        }

        return found;
    }

    /// <summary>The table's key when it is a customer-managed one; null for an AWS managed key, whose own policy lets DynamoDB use it.</summary>
    private static async Task<string?> CustomerKey(TableSettings table, string keyArn)
    {
        try
        {
            GetKeyResult key = await GetKey.InvokeAsync(new GetKeyArgs { KeyId = keyArn }).ConfigureAwait(false);
            return key.KeyManager == "CUSTOMER" ? key.Arn : null;
        }
        catch (Exception e) when (e is not RunException)
        {
            throw new RunException($"{SettingKeys.Tables}: the existing table '{table.Name}' is encrypted with {keyArn}, which cannot be described ({FirstLine(e.Message)}); allow kms:DescribeKey on it to whoever runs pulumi.");
        }
    }

    private static string FirstLine(string message) => message.ReplaceLineEndings("\n").Split('\n')[0].TrimEnd('.');
}
