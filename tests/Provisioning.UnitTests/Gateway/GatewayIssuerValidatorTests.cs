using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Provisioning.Api.Gateway;

namespace Provisioning.UnitTests.Gateway;

/// <summary>Production names its own token issuer; Development and local runs keep the default.</summary>
public sealed class GatewayIssuerValidatorTests
{
    [Theory]
    [InlineData("Production", "provisioning", false)]
    [InlineData("Production", " Provisioning ", false)]
    [InlineData("Production", "https://provisioning.example.com", true)]
    [InlineData("Development", "provisioning", true)]
    [InlineData("Staging", "provisioning", true)]
    public void Production_refuses_the_default_issuer(string environment, string issuer, bool accepted)
    {
        var result = new GatewayIssuerValidator(new Environment(environment)).Validate(null, new GatewayOptions { Issuer = issuer });

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted) Assert.Contains("Set Gateway:Issuer to this deployment's own name", result.FailureMessage, StringComparison.Ordinal);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Provisioning.Api";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
