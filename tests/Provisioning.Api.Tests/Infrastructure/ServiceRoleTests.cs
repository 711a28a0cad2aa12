using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Infrastructure;

/// <summary>One image, three roles: API only, worker only (no public endpoints but health), or both.</summary>
public sealed class ServiceRoleTests(ServiceRoleTests.RoleStack stack) : IClassFixture<ServiceRoleTests.RoleStack>
{
    public sealed class RoleStack : ProvisioningStack
    {
        public Dictionary<string, string?> SettingsWith(string role)
        {
            var settings = ServiceSettings();
            settings["Service:Role"] = role;
            return settings;
        }
    }

    [Fact]
    public async Task Worker_serves_health_but_no_api()
    {
        await using var worker = new ProvisioningHost(stack.SettingsWith("Worker"));
        using var client = worker.CreateClient(ProvisioningStack.AdminKey);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/docs")).StatusCode);
    }

    [Fact]
    public async Task Api_only_process_runs_no_hangfire_server()
    {
        await using var api = new ProvisioningHost(stack.SettingsWith("Api"));
        using var client = api.CreateClient(ProvisioningStack.AdminKey);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/tenants")).StatusCode);
        Assert.Empty(api.Services.GetServices<IHostedService>().OfType<BackgroundJobServerHostedService>());
        // The check above means something only because a process in the default role does run them: the default
        // queue's server, the webhooks queue's and the operator's webhooks queue's.
        Assert.Equal(3, stack.Host.Services.GetServices<IHostedService>().OfType<BackgroundJobServerHostedService>().Count());
    }
}
