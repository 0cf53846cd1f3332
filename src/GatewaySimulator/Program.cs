using Microsoft.Extensions.Options;
using Settlement.GatewaySimulator;

await using var app = SimulatorApp.Build(args);
try
{
    await app.RunAsync();
}
catch (OptionsValidationException exception)
{
    // One line that says what to fix, not a stack trace.
    await Console.Error.WriteLineAsync($"gateway-simulator: {string.Join("; ", exception.Failures)}");
    return 1;
}

return 0;
