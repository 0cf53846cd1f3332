namespace Settlement.Reconciliation.Webhooks;

/// <summary>A refused webhook: the kind and a reason that never quotes the body.</summary>
public sealed record WebhookRefusal(WebhookRefusalKind Kind, string Reason);
