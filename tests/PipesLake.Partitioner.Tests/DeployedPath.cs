using System.Reflection;
using Amazon.Lambda.Core;
using Amazon.Lambda.KinesisFirehoseEvents;
using Amazon.Lambda.TestUtilities;
using PipesLake.Partitioning;

namespace PipesLake.Partitioner.Tests;

/// <summary>
/// The function as Lambda runs it: the serializer named by the assembly's <c>LambdaSerializer</c>
/// attribute, the request deserialized to the handler's parameter type, the handler, the response
/// serialized back.
/// </summary>
internal static class DeployedPath
{
    public static ILambdaSerializer Serializer { get; } = (ILambdaSerializer)Activator.CreateInstance(
        typeof(Function).Assembly.GetCustomAttribute<LambdaSerializerAttribute>()!.SerializerType)!;

    public static byte[] Invoke(byte[] request, ILambdaContext? context = null, PartitioningOptions? options = null)
    {
        FirehoseRequest input = Serializer.Deserialize<FirehoseRequest>(new MemoryStream(request, writable: false));
        KinesisFirehoseResponse response = new Function(options ?? PartitioningOptions.Default).FunctionHandler(input, context ?? new TestLambdaContext());
        using var output = new MemoryStream();
        Serializer.Serialize(response, output);
        return output.ToArray();
    }

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name));
}
