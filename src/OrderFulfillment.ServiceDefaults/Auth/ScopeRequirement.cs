using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace OrderFulfillment.ServiceDefaults.Auth;

/// <summary>Met when the caller's <c>scope</c> claims grant <see cref="Scope"/>.</summary>
/// <param name="Scope">The required scope.</param>
public sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement
{
    /// <summary>Whether <paramref name="user"/> was granted <paramref name="scope"/>.</summary>
    public static bool IsGranted(ClaimsPrincipal user, string scope) =>
        user.FindAll(PlatformScopes.Scope).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Contains(scope, StringComparer.Ordinal);

    /// <summary>Evaluates <see cref="ScopeRequirement"/>s.</summary>
    public sealed class Handler : AuthorizationHandler<ScopeRequirement>
    {
        /// <inheritdoc />
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context,
            ScopeRequirement requirement)
        {
            if (IsGranted(context.User, requirement.Scope))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
