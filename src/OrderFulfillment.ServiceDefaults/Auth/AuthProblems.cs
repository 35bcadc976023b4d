using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace OrderFulfillment.ServiceDefaults.Auth;

/// <summary>401 and 403 answers as RFC 7807 problem details, like every other error of the services.</summary>
internal static class AuthProblems
{
    public static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = context.Error is null ? "Bearer" : $"Bearer error=\"{context.Error}\"";
        var detail = context.AuthenticateFailure is null
            ? "Send a bearer token in the Authorization header."
            : $"The bearer token was refused: {context.ErrorDescription ?? "it is not valid"}.";
        await WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required", detail);
    }

    public static Task WriteAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
