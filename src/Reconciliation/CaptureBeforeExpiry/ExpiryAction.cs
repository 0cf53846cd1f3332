namespace Settlement.Reconciliation.CaptureBeforeExpiry;

/// <summary>What the sweep does with a pre-authorization that is due: take the money, or release it.</summary>
public enum ExpiryAction
{
    /// <summary>Capture the open amount (or the final amount, when one is known) before the authorization lapses.</summary>
    Capture,

    /// <summary>Reverse the open amount: the merchant's policy is not to charge what was not confirmed.</summary>
    Reverse,
}
