using System.Diagnostics.CodeAnalysis;

namespace Settlement.Reconciliation.Ledger;

/// <summary>The two-letter codes the gateway and the files use for <see cref="TransactionType"/>.</summary>
public static class TransactionTypeCode
{
    public static string ToCode(this TransactionType type) => type switch
    {
        TransactionType.PreAuthorization => "PA",
        TransactionType.Debit => "DB",
        TransactionType.Credit => "CD",
        TransactionType.Capture => "CP",
        TransactionType.Reversal => "RV",
        TransactionType.Refund => "RF",
        TransactionType.Chargeback => "CB",
        TransactionType.ChargebackReversal => "CR",
        TransactionType.Rebill => "RB",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown transaction type."),
    };

    public static bool TryParse(string? code, [NotNullWhen(true)] out TransactionType? type)
    {
        type = code?.Trim().ToUpperInvariant() switch
        {
            "PA" => TransactionType.PreAuthorization,
            "DB" => TransactionType.Debit,
            "CD" => TransactionType.Credit,
            "CP" => TransactionType.Capture,
            "RV" => TransactionType.Reversal,
            "RF" => TransactionType.Refund,
            "CB" => TransactionType.Chargeback,
            "CR" => TransactionType.ChargebackReversal,
            "RB" => TransactionType.Rebill,
            _ => null,
        };
        return type is not null;
    }

    public static TransactionType Parse(string code) =>
        TryParse(code, out var type) ? type.Value : throw new FormatException($"'{code}' is not a payment type code.");

    /// <summary>PA, DB and CD start a payment; every other type references an earlier transaction.</summary>
    public static bool StartsPayment(this TransactionType type) =>
        type is TransactionType.PreAuthorization or TransactionType.Debit or TransactionType.Credit;

    /// <summary>The legs that moved money from the shopper and can therefore be refunded or charged back.</summary>
    public static bool IsCapturedLeg(this TransactionType type) =>
        type is TransactionType.Debit or TransactionType.Capture or TransactionType.Rebill;
}
