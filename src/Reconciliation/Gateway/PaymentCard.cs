namespace Settlement.Reconciliation.Gateway;

/// <summary>
/// Card data for an initial payment. It travels to the gateway and nowhere else: <see cref="ToString"/>
/// masks the number and hides the CVV so a log line or an exception message can never carry them.
/// </summary>
public sealed class PaymentCard(string brand, string number, string holder, int expiryMonth, int expiryYear, string cvv)
{
    /// <summary>The gateway's <c>paymentBrand</c>, e.g. VISA, MASTER, AMEX.</summary>
    public string Brand { get; } = brand;

    public string Number { get; } = number;

    public string Holder { get; } = holder;

    public int ExpiryMonth { get; } = expiryMonth;

    public int ExpiryYear { get; } = expiryYear;

    public string Cvv { get; } = cvv;

    /// <summary>BIN (first six) and last four only, e.g. "VISA 420000******0000".</summary>
    public override string ToString() =>
        Number.Length >= 10 ? $"{Brand} {Number[..6]}{new string('*', Number.Length - 10)}{Number[^4..]}" : $"{Brand} (card number hidden)";
}
