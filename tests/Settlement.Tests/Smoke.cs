namespace Settlement.Tests; public sealed class Smoke { [Xunit.Fact] public void Runs() => Xunit.Assert.True(true); }
