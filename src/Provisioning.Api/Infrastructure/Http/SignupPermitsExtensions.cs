namespace Provisioning.Api.Infrastructure.Http;

public static class SignupPermitsExtensions
{
    /// <summary>
    /// The endpoint costs <paramref name="permits"/> of its (validated) <typeparamref name="TRequest"/> signup permits of
    /// the caller's key (<see cref="SignupPermits"/>); when they are not all there, a 429 and the endpoint does not run.
    /// </summary>
    public static RouteHandlerBuilder RequireSignupPermits<TRequest>(this RouteHandlerBuilder builder, Func<TRequest, int> permits) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var request = context.Arguments.OfType<TRequest>().First();
            var refusal = context.HttpContext.RequestServices.GetRequiredService<SignupPermits>()
                .TryTake(context.HttpContext.User, permits(request), context.HttpContext.Response);
            return refusal ?? await next(context);
        }).ProducesProblem(StatusCodes.Status429TooManyRequests);
}
