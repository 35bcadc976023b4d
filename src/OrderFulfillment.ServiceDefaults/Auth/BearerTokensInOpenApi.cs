using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrderFulfillment.ServiceDefaults.Auth;

/// <summary>
/// Writes the bearer authentication into the OpenAPI document, so that a client generator or an API explorer knows to
/// send a token and which scope each operation needs; an operation open to anyone (health) says it needs none.
/// </summary>
internal static class BearerTokensInOpenApi
{
    /// <summary>The security scheme's name in the document's components.</summary>
    public const string SchemeName = "Bearer";

    public static OpenApiOptions AddBearerTokens(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description =
                    $"A JWT from the configured issuer (Auth:Issuer). Scopes travel in the `{PlatformScopes.Scope}` " +
                    $"claim, " +
                    $"the caller's tenant in `{PlatformScopes.Tenant}`; see docs/api.md.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                return Task.CompletedTask;
            }

            // Scopes are the policies' names (PlatformScopes); an endpoint naming none still needs a valid token.
            var scopes = metadata.OfType<IAuthorizeData>().Select(a => a.Policy)
                .Where(p => p is not null && PlatformScopes.All.Contains(p)).Select(p => p!).Distinct().ToList();
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName,
                context.Document)] = scopes });
            return Task.CompletedTask;
        });
        return options;
    }
}
