using Provisioning.TwilioEmulator.Accounts;
using Provisioning.TwilioEmulator.Admin;
using Provisioning.TwilioEmulator.Conversations;
using Provisioning.TwilioEmulator.Faults;
using Provisioning.TwilioEmulator.Memory;
using Provisioning.TwilioEmulator.Persistence;
using Provisioning.TwilioEmulator.Profiles;
using Provisioning.TwilioEmulator.Schema;

namespace Provisioning.TwilioEmulator;

/// <summary>Builds the emulator. Tests call <see cref="Build"/> to host it on a real loopback port.</summary>
public static class EmulatorApp
{
    /// <param name="args">Command-line arguments (e.g. <c>--urls http://127.0.0.1:0</c>).</param>
    /// <param name="configure">Applied after configuration binding; wins over appsettings and environment.</param>
    public static WebApplication Build(string[] args, Action<EmulatorOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(EmulatorApp).Assembly.GetName().Name,
        });

        var options = builder.Configuration.GetSection(EmulatorOptions.SectionName).Get<EmulatorOptions>() ?? new EmulatorOptions();
        configure?.Invoke(options);
        var problem = options.Validate();
        if (problem is not null) throw new InvalidOperationException($"Invalid {EmulatorOptions.SectionName} settings: {problem}");

        // Logging is set here rather than in an appsettings.json: projects that reference both the emulator and the
        // service get one appsettings.json in their output, and it must be the service's.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new EmulatorSettings(options));
        builder.Services.AddSingleton<EmulatorState>();
        builder.Services.AddSingleton<FaultRegistry>();
        builder.Services.AddSingleton<RequestLog>();
        builder.Services.AddResponseCompression(compression => compression.EnableForHttps = true);
        if (options.StateFile is not null)
        {
            builder.Services.AddSingleton<StateFile>();
            builder.Services.AddHostedService(services => services.GetRequiredService<StateFile>());
        }

        var app = builder.Build();

        // Loaded here, before the server starts, so that no request ever sees the empty start-up state.
        if (options.StateFile is not null)
        {
            app.Services.GetRequiredService<StateFile>().Load();
            app.UseMiddleware<StateChangeMiddleware>();
        }

        // Order matters: the log sees the final status; auth runs before faults so a lost acknowledgement
        // performs a real, authenticated action.
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<ResponseHeadersMiddleware>();
        app.UseMiddleware<BasicAuthenticationMiddleware>();
        app.UseMiddleware<ConcurrencyLimitMiddleware>();
        app.UseMiddleware<FaultInjectionMiddleware>();
        app.UseWhen(context => CompressedResponses.Apply(context.Request), compressed => compressed.UseResponseCompression());

        app.MapGet("/", (EmulatorSettings settings) => Results.Text(
            $"Twilio emulator. Parent account {settings.Current.AccountSid}. Admin API under {EmulatorPaths.AdminPrefix}/."));
        app.MapAccountEndpoints();
        app.MapStoreEndpoints();
        app.MapStoreSchemaEndpoints();
        app.MapProfileEndpoints();
        app.MapMemoryEndpoints();
        app.MapMemoryItemEndpoints();
        app.MapIdentifierEndpoints();
        app.MapRecallEndpoints();
        app.MapImportEndpoints();
        app.MapConfigurationEndpoints();
        app.MapAdminEndpoints();
        app.MapOperationAdminEndpoints();
        // An explicit pattern: the default fallback skips paths that look like files, i.e. every "*.json" v2010 path.
        app.MapFallback("{*path}", (HttpContext context) =>
            ApiError.NotFound($"The requested resource {context.Request.Path} was not found"));

        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "Twilio emulator listening on {Urls}. Parent account: {AccountSid} / auth token {AuthToken}",
            string.Join(", ", app.Urls), options.AccountSid, options.AuthToken));
        return app;
    }
}
