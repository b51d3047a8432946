using Pulumi;
using PipesLake.Infra;

return await Deployment.RunAsync(() => LakeProgram.Run(StackConfig.Read(), FunctionPackage.DefaultPath));
