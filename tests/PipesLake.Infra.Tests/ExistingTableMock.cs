namespace PipesLake.Infra.Tests;

/// <summary>An existing table as <see cref="LakeMocks"/> describes it.</summary>
/// <param name="StreamEnabled">Whether its stream is on.</param>
/// <param name="StreamViewType">Its stream's view type.</param>
/// <param name="KmsKeyArn">The KMS key it is under; null for an AWS owned key.</param>
internal sealed record ExistingTableMock(bool StreamEnabled, string StreamViewType, string? KmsKeyArn);
