namespace Provisioning.Console.Tests;

/// <summary>One service, database and emulator for every browser test, which run one after another (a browser each).</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleStackCollection : ICollectionFixture<ConsoleStack>
{
    public const string Name = "Console stack";
}
