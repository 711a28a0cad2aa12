using System.Text.Json.Serialization;
using Hangfire;
using Provisioning.Api.Accounts;
using Provisioning.Api.Blueprints;
using Provisioning.Api.Console;
using Provisioning.Api.Gateway;
using Provisioning.Api.Infrastructure;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Infrastructure.Health;
using Provisioning.Api.Infrastructure.Http;
using Provisioning.Api.Infrastructure.Jobs;
using Provisioning.Api.Infrastructure.OpenApi;
using Provisioning.Api.Infrastructure.Telemetry;
using Provisioning.Api.Offboarding;
using Provisioning.Api.Onboarding;
using Provisioning.Api.Reconciliation;
using Provisioning.Api.Runs;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;
using Provisioning.Api.Webhooks;

var builder = WebApplication.CreateBuilder(args);
var role = ServiceRoles.FromConfiguration(builder.Configuration);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetailsFromExceptions();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    // A misspelt field is an error the caller should hear about, not a setting silently dropped.
    o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
});
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestBodyLimitMiddleware.MaxBodyBytes);

builder.Services.AddProvisioningOpenApi();
builder.Services.AddTransportSecurity(builder.Configuration);
builder.Services.AddApiKeyAuth(builder.Configuration);
builder.Services.AddApiKeyRateLimits(builder.Configuration);
builder.Services.AddProvisioningDatabase(builder.Configuration);
builder.Services.AddBackgroundJobs(builder.Configuration, runServer: role.HasFlag(ServiceRole.Worker));
builder.Services.AddTwilio(builder.Configuration);
builder.Services.AddAccountPool(builder.Configuration, builder.Environment);
builder.Services.AddTenants(builder.Configuration);
builder.Services.AddBlueprints();
builder.Services.AddOnboarding();
builder.Services.AddOffboarding();
builder.Services.AddRuns(role);
builder.Services.AddWebhooks(builder.Configuration, role);
builder.Services.AddReconciliation(builder.Configuration);
builder.Services.AddGateway(builder.Configuration);
builder.Services.AddConsole(builder.Configuration);
builder.Services.AddProvisioningHealthChecks();
builder.Services.AddProvisioningTelemetry(builder.Configuration);
builder.WebHost.ListenOnMetricsPort(builder.Configuration);

var app = builder.Build();

app.UseTransportSecurity();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMetricsPort();
app.UseMiddleware<RequestBodyLimitMiddleware>();
app.UseFailedAuthenticationLimit();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapProvisioningHealthChecks();
app.MapProvisioningMetrics();
if (role.HasFlag(ServiceRole.Api))
{
    app.MapProvisioningOpenApi();
    app.UseHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], AsyncAuthorization = [new AdminDashboardAuthorization()], DisplayStorageConnectionString = false });
    app.MapTenantsApi();
    app.MapTenantBatchApi();
    app.MapTenantAdminApi();
    app.MapAccountsApi();
    app.MapBlueprints();
    app.MapReconciliationsApi();
    app.MapGateway();
    app.MapConsole();
}

await app.MigrateDatabaseIfConfiguredAsync();
await app.RefuseRemovedParentsHoldingTenantsAsync();
await app.RunAsync();

public partial class Program;
