
namespace Provisioning.Api.Tests.Integration;

[CollectionDefinition(Name)]
public sealed class ProvisioningStackCollection : ICollectionFixture<ProvisioningStack>
{
    public const string Name = "Provisioning stack";
}
