namespace Settlement.Reconciliation.Notifications;

/// <summary>Where notifications are posted and the secret they are signed with.</summary>
/// <param name="Url">The receiver's URL (http or https).</param>
/// <param name="Secret">The shared secret of the HMAC signature.</param>
/// <param name="Timeout">How long one attempt may take before it counts as not delivered.</param>
public sealed record NotificationWebhook(Uri Url, string Secret, TimeSpan Timeout);
