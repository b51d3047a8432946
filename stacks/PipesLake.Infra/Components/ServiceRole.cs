using Pulumi;
using Pulumi.Aws.Iam;
using PipesLake.Blueprint;

namespace PipesLake.Infra.Components;

/// <summary>A role one AWS service may assume (<see cref="TrustPolicies"/>), with one inline policy from the blueprint.</summary>
internal sealed record ServiceRole(Role Role, RolePolicy Policy)
{
    public static ServiceRole Create(string name, Output<string> trustJson, Output<string> policyJson, LakeContext lake, Resource parent)
    {
        var options = ChildOptions.Of(parent);
        var role = new Role($"{name}-role", new RoleArgs
        {
            AssumeRolePolicy = trustJson,
            Tags = lake.Tags,
        }, options);
        var policy = new RolePolicy($"{name}-policy", new RolePolicyArgs
        {
            Role = role.Id,
            Policy = policyJson,
        }, options);
        return new ServiceRole(role, policy);
    }
}
