using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace OrderFulfillment.ServiceDefaults.Auth;

/// <summary>
/// A caller who is authenticated but lacks a scope gets 403 problem details naming the scope it lacks.
/// </summary>
internal sealed class ForbiddenAsProblem : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy,
        PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        var missing = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ScopeRequirement>()
            .Select(r => r.Scope).ToList() ?? [];
        var detail = missing.Count > 0
            ? $"The token lacks the scope {string.Join(", ", missing)}."
            : "The token does not allow this request.";
        return AuthProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", detail);
    }
}
