using Pulumi;
using PipesLake.Infra;

return await Deployment.RunAsync(() => LakeProgram.RunAsync(StackConfig.Read(), FunctionPackage.DefaultPath));
