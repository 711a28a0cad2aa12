using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Provisioning.Api.Infrastructure.Telemetry;

namespace Provisioning.UnitTests.Telemetry;

/// <summary>Telemetry:MetricsPort (9464 unless set empty) adds a listener; the URLs the host was given, however it was given them, stay.</summary>
public sealed class MetricsPortListenerTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", null, null, "http://127.0.0.1:5000;http://*:9464")]
    [InlineData(null, "8080", null, "http://*:8080;http://*:9464")] // the container image's ASPNETCORE_HTTP_PORTS
    [InlineData(null, "8080;8081", "8443", "http://*:8080;http://*:8081;https://*:8443;http://*:9464")]
    [InlineData(null, null, null, "http://localhost:5000;http://*:9464")] // Kestrel's default
    public void The_metrics_port_is_listened_on_besides_the_urls_the_host_was_given(string? urls, string? httpPorts, string? httpsPorts, string expected)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        if (urls is not null) builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, urls);
        if (httpPorts is not null) builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, httpPorts);
        if (httpsPorts is not null) builder.WebHost.UseSetting(WebHostDefaults.HttpsPortsKey, httpsPorts);
        builder.Configuration["Telemetry:MetricsPort"] = "9464";

        builder.WebHost.ListenOnMetricsPort(builder.Configuration);

        Assert.Equal(expected, builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public void By_default_the_metrics_port_is_9464()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:5000");

        builder.WebHost.ListenOnMetricsPort(builder.Configuration);

        Assert.Equal("http://127.0.0.1:5000;http://*:9464", builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public void With_the_metrics_port_set_empty_the_urls_are_left_alone()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:5000");
        builder.Configuration["Telemetry:MetricsPort"] = "";

        builder.WebHost.ListenOnMetricsPort(builder.Configuration);

        Assert.Equal("http://127.0.0.1:5000", builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }
}
