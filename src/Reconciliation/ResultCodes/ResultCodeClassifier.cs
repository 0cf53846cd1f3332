using System.Text.RegularExpressions;

namespace Settlement.Reconciliation.ResultCodes;

/// <summary>
/// Classifies gateway result codes by the documented patterns (docs/gateway-api.md). Never "starts with 000":
/// 000.100.2xx are chargebacks, 000.200 pending, 000.400.1xx can be 3-D Secure rejections.
/// </summary>
public static partial class ResultCodeClassifier
{
    public static ResultCodeClass Classify(string? resultCode)
    {
        if (string.IsNullOrWhiteSpace(resultCode))
        {
            return ResultCodeClass.Failure;
        }

        var code = resultCode.Trim();
        if (Success().IsMatch(code))
        {
            return ResultCodeClass.Success;
        }

        if (SuccessNeedsReview().IsMatch(code))
        {
            return ResultCodeClass.SuccessNeedsReview;
        }

        if (Pending().IsMatch(code))
        {
            return ResultCodeClass.Pending;
        }

        if (ChargebackNotice().IsMatch(code))
        {
            return ResultCodeClass.ChargebackNotice;
        }

        if (Transient().IsMatch(code))
        {
            return ResultCodeClass.Transient;
        }

        if (InvalidRequest().IsMatch(code))
        {
            return ResultCodeClass.InvalidRequest;
        }

        return Declined().IsMatch(code) ? ResultCodeClass.Declined : ResultCodeClass.Failure;
    }

    /// <summary>True for the codes after which the transaction exists and moved (or reserved) money.</summary>
    public static bool IsSuccessful(string? resultCode) =>
        Classify(resultCode) is ResultCodeClass.Success or ResultCodeClass.SuccessNeedsReview;

    [GeneratedRegex(@"^(000\.000\.|000\.100\.1|000\.[36]|000\.400\.[1][12]0)")]
    private static partial Regex Success();

    [GeneratedRegex(@"^(000\.400\.0[^3]|000\.400\.100)")]
    private static partial Regex SuccessNeedsReview();

    [GeneratedRegex(@"^(000\.200|800\.400\.5|100\.400\.500)")]
    private static partial Regex Pending();

    [GeneratedRegex(@"^(000\.100\.2)")]
    private static partial Regex ChargebackNotice();

    // Communication errors, then system errors.
    [GeneratedRegex(@"^(900\.[1234]00|000\.400\.030|800\.[56]|999\.|600\.1|800\.800\.[84])")]
    private static partial Regex Transient();

    // Reference, format, configuration and amount errors.
    [GeneratedRegex(@"^(700\.[1345][05]0|200\.[123]|100\.[53][07]|800\.900|100\.[69]00\.500|600\.[23]|500\.[12]|800\.121|100\.55)")]
    private static partial Regex InvalidRequest();

    // Bank declines, 3-D Secure and risk rejections, external risk, blacklist, risk validation, soft declines,
    // address validation, account and registration errors.
    [GeneratedRegex(@"^(800\.[17]00|800\.800\.[123]|000\.400\.[1][0-9][1-9]|000\.400\.2|100\.400\.[0-3]|100\.38|100\.370\.100|100\.370\.11|800\.[32]|800\.1[123456]0|300\.100\.100|800\.400\.[12]|100\.390|100\.100|100\.2[01]|100\.[13]50|100\.250|100\.360|100\.700|100\.800|100\.900)")]
    private static partial Regex Declined();
}
