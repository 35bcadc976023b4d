using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace OrderFulfillment.ServiceDefaults.Auth;

/// <summary>
/// JWT bearer authentication and scope policies. Every endpoint requires an authenticated caller unless it opts out
/// (health and OpenAPI do, in <see cref="HealthExtensions.MapDefaultEndpoints"/>); 401 and 403 are problem details.
/// </summary>
public static class AuthenticationExtensions
{
    /// <summary>
    /// Adds bearer authentication from <see cref="AuthSettings"/> and one policy per scope of <see
    /// cref="PlatformScopes"/>.
    /// </summary>
    public static TBuilder AddPlatformAuthentication<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // Blank counts as unset: a compose file passes ${AUTH_AUTHORITY:-} as an empty string when a deployment uses
        // keys.
        builder.Services.AddOptions<AuthSettings>().Bind(builder.Configuration.GetSection(AuthSettings.Section))
            .PostConfigure(s =>
            {
                s.Authority = string.IsNullOrWhiteSpace(s.Authority) ? null : s.Authority;
                s.Issuer = string.IsNullOrWhiteSpace(s.Issuer) ? null : s.Issuer;
                s.SigningKeys.RemoveAll(string.IsNullOrWhiteSpace);
            })
            .Validate(s => s.Authority is not null || s.SigningKeys.Count > 0,
                "Set Auth:Authority or Auth:SigningKeys: without either no token can be validated.")
            .Validate(s => s.Issuer is not null, "Set Auth:Issuer: the issuer whose tokens the service accepts.")
            .ValidateOnStart();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthSettings>>((options, auth) =>
            Configure(options, auth.Value));

        var authorization = builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var scope in PlatformScopes.All)
        {
            authorization.AddPolicy(scope,
                policy => policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope)));
        }

        builder.Services.AddSingleton<IAuthorizationHandler, ScopeRequirement.Handler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenAsProblem>();
        return builder;
    }

    private static void Configure(JwtBearerOptions options, AuthSettings auth)
    {
        // Claims keep the names they have in the token (scope, tenant, sub), not WS-Federation URIs.
        options.MapInboundClaims = false;
        options.Authority = auth.Authority;
        options.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,
            IssuerSigningKeys = auth.SigningKeys.Select(ReadKey).ToList(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = auth.ClockSkew,
            NameClaimType = "sub",
        };
        options.Events = new JwtBearerEvents { OnChallenge = AuthProblems.WriteChallengeAsync };
    }

    private static RsaSecurityKey ReadKey(string key)
    {
        var rsa = RSA.Create();
        if (key.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            rsa.ImportFromPem(key);
        }
        else
        {
            rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(key), out _);
        }

        return new RsaSecurityKey(rsa);
    }
}
