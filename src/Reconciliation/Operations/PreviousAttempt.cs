using Settlement.Reconciliation.Gateway;
using Settlement.Reconciliation.ResultCodes;

namespace Settlement.Reconciliation.Operations;

/// <summary>
/// What the query API says about earlier attempts of an operation, read as a decision: adopt a transaction the
/// gateway already executed, or send (nothing executed). This is the rule that makes an operation exactly
/// once at the gateway: nothing is sent after an attempt whose outcome is unknown until this says so.
/// </summary>
/// <param name="Adopted">The gateway's transaction to take as this attempt's answer; null to send.</param>
public sealed record PreviousAttempt(GatewayResponse? Adopted)
{
    public bool MaySend => Adopted is null;

    /// <param name="operation">The operation, with how many final answers its attempts received.</param>
    /// <param name="found">Every transaction the gateway holds under the operation's id (merchantTransactionId).</param>
    public static PreviousAttempt Resolve(Operation operation, IReadOnlyList<GatewayResponse> found)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(found);

        // A success under our id is the operation, whichever attempt made it: never send another.
        var executed = found.FirstOrDefault(transaction => transaction.IsSuccessful && transaction.Id is not null);
        if (executed is not null)
        {
            return new PreviousAttempt(executed);
        }

        // More final answers at the gateway than we received: the lost attempt's answer is the newest of them
        // (a decline that must not be re-sent automatically, or a pending one to keep polling).
        var finals = found.Where(transaction => transaction.Class != ResultCodeClass.Transient).ToList();
        if (finals.Count > operation.AnswersSeen)
        {
            return new PreviousAttempt(finals.OrderBy(transaction => transaction.Timestamp).Last());
        }

        return new PreviousAttempt(Adopted: null);
    }
}
