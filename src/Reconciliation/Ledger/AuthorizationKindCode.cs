namespace Settlement.Reconciliation.Ledger;

/// <summary>The lower-case names files and the database use for <see cref="AuthorizationKind"/>.</summary>
public static class AuthorizationKindCode
{
    public static string ToCode(this AuthorizationKind kind) => kind switch
    {
        AuthorizationKind.Final => "final",
        AuthorizationKind.Pre => "pre",
        AuthorizationKind.Estimated => "estimated",
        AuthorizationKind.Incremental => "incremental",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown authorization kind."),
    };

    public static bool TryParse(string? code, out AuthorizationKind kind)
    {
        AuthorizationKind? parsed = code?.Trim().ToLowerInvariant() switch
        {
            "final" or "" or null => AuthorizationKind.Final,
            "pre" => AuthorizationKind.Pre,
            "estimated" => AuthorizationKind.Estimated,
            "incremental" => AuthorizationKind.Incremental,
            _ => null,
        };
        kind = parsed ?? AuthorizationKind.Final;
        return parsed is not null;
    }

    /// <summary>A kind read back from the database, where a check constraint admits only the four codes.</summary>
    public static AuthorizationKind FromStored(string? code) =>
        TryParse(code, out var kind) ? kind : throw new InvalidOperationException($"Stored authorization kind '{code}' is not one of final, pre, estimated, incremental.");
}
