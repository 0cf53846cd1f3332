using Settlement.GatewaySimulator;

await using var app = SimulatorApp.Build(args);
await app.RunAsync();
