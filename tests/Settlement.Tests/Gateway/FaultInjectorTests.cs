using Microsoft.Extensions.Options;
using Settlement.GatewaySimulator;

namespace Settlement.Tests.Gateway;

public sealed class FaultInjectorTests
{
    [Fact]
    public void Configured_rates_are_drawn_per_request_in_proportion()
    {
        var options = new SimulatorOptions();
        options.Faults.Seed = 7;
        options.Faults.Rates["response-lost"] = 0.2;
        options.Faults.Rates["reset"] = 0.1;
        var injector = new FaultInjector(Options.Create(options));

        var draws = Enumerable.Range(0, 10_000).Select(_ => injector.Draw().Kind).ToList();

        Assert.InRange(draws.Count(kind => kind == SimulatorFaultKind.ResponseLost), 1_800, 2_200);
        Assert.InRange(draws.Count(kind => kind == SimulatorFaultKind.Reset), 850, 1_150);
        Assert.InRange(draws.Count(kind => kind == SimulatorFaultKind.None), 6_700, 7_300);
    }

    [Theory]
    [InlineData("latency:250", SimulatorFaultKind.Latency)]
    [InlineData("timeout", SimulatorFaultKind.Timeout)]
    [InlineData("timeout-executed", SimulatorFaultKind.TimeoutExecuted)]
    [InlineData("http500", SimulatorFaultKind.Http500)]
    [InlineData("reset", SimulatorFaultKind.Reset)]
    [InlineData("decline", SimulatorFaultKind.Decline)]
    [InlineData("response-lost", SimulatorFaultKind.ResponseLost)]
    [InlineData("none", SimulatorFaultKind.None)]
    public void Per_request_faults_are_read_by_name(string text, SimulatorFaultKind expected)
    {
        Assert.Equal(expected, SimulatorFault.Parse(text)!.Value.Kind);
    }

    [Theory]
    [InlineData("latency")]
    [InlineData("latency:soon")]
    [InlineData("meteor")]
    public void Unknown_faults_are_not_guessed(string text)
    {
        Assert.Null(SimulatorFault.Parse(text));
    }
}
