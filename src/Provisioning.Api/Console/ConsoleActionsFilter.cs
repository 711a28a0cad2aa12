using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Provisioning.Api.Infrastructure.Auth;

namespace Provisioning.Api.Console;

/// <summary>
/// Reading is for every signed-in key; acting (any handler that is not a GET) is for Admin keys only, whatever the
/// page shows: a read-only session's forged form is refused here, before the handler runs.
/// </summary>
public sealed class ConsoleActionsFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var acts = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method);
        var anonymous = http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null;
        if (acts && !anonymous && !http.User.IsInRole(Roles.Admin))
        {
            context.Result = new ForbidResult(ConsoleAuthentication.Scheme);
            return;
        }
        await next();
    }
}
