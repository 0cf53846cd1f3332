using Microsoft.Extensions.Options;
using Settlement.Reconciliation;
using Settlement.Reconciliation.EstimatedAuthorizations;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Worker.EstimatedAuthorizations;

/// <summary>The rebill cap from configuration (section <c>Settlement:EstimatedAuthorizations</c>); see <see cref="RebillCap"/>.</summary>
public sealed class EstimatedAuthorizationsSettings : IValidateOptions<EstimatedAuthorizationsSettings>
{
    public const string Section = "Settlement:EstimatedAuthorizations";

    /// <summary>A rebill above this whole percentage of the authorized amount waits for approval.</summary>
    public int RebillCapPercent { get; set; } = 20;

    /// <summary>Per ISO 4217 code, the largest rebill (major units, e.g. <c>100.00</c>) that goes without approval; configured codes are added to these.</summary>
    public Dictionary<string, string> RebillCapAbsolute { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EUR"] = "100.00",
        ["USD"] = "100.00",
        ["GBP"] = "100.00",
    };

    public Result<RebillCap, string> ToCap()
    {
        if (RebillCapPercent is < 0 or > 1000)
        {
            return $"{Section}:RebillCapPercent must be a whole percentage between 0 and 1000, not {RebillCapPercent}";
        }

        var absolute = new Dictionary<Currency, Money>();
        foreach (var (code, amount) in RebillCapAbsolute)
        {
            if (!Money.Parse(amount, code).TryGetValue(out var cap, out var error))
            {
                return $"{Section}:RebillCapAbsolute:{code} = '{amount}': {error}";
            }

            absolute[cap.Currency] = cap;
        }

        return new RebillCap(RebillCapPercent, absolute);
    }

    public ValidateOptionsResult Validate(string? name, EstimatedAuthorizationsSettings options) =>
        options?.ToCap() is { IsFailure: true } failed ? ValidateOptionsResult.Fail(failed.Error) : ValidateOptionsResult.Success;
}
