namespace Settlement.Worker.Simulator;

/// <summary>What the in-process simulator was given, the same values put in <c>Settlement:Gateway:*</c>.</summary>
public sealed record DefaultSimulatorSettings(Uri BaseUrl, string AccessToken, string EntityId, string WebhookKey);
