using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Gateway;

/// <summary>
/// The <c>amount</c> field as the gateway takes it: <c>^[0-9]{1,12}(\.[0-9]{2})?$</c> (docs/gateway-api.md).
/// </summary>
/// <remarks>
/// (ours) Exponent-2 currencies always send two decimals ("92.00", never "92" or "92.0"); exponent-0
/// currencies send none ("500" JPY). Exponent-3 currencies (BHD, KWD, …) cannot be written in that
/// pattern without losing the third decimal, so they are refused before anything is sent.
/// </remarks>
public static class GatewayAmount
{
    private const int MaxIntegerDigits = 12;

    public static Result<string, string> Format(Money amount)
    {
        var currency = amount.Currency;
        if (currency.Exponent is not (0 or 2))
        {
            return Refuse($"the gateway cannot take {currency.Code} amounts: {currency.Code} has {currency.Exponent} decimals and the gateway's amount field has 0 or 2");
        }

        if (!amount.IsPositive)
        {
            return Refuse($"the gateway takes positive amounts only, not {amount}");
        }

        var text = amount.FormatAmount();
        var integerDigits = currency.Exponent == 0 ? text.Length : text.Length - 3;
        if (integerDigits > MaxIntegerDigits)
        {
            return Refuse($"{amount} has more than {MaxIntegerDigits} integer digits, the gateway's limit");
        }

        return Result<string, string>.Success(text);
    }

    private static Result<string, string> Refuse(string problem) => Result<string, string>.Failure(problem);
}
