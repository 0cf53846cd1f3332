using Settlement.Reconciliation.RemoteSources;
using Settlement.Worker.RemoteSources;

namespace Settlement.Tests.RemoteSources;

public sealed class SourceSettingsTests
{
    private const string Fingerprint = "SHA256:y4ctFzvwWz35lSrq6po36RfUL4Je3Ciw8J2HgtyLUvY";

    [Fact]
    public void A_host_key_fingerprint_is_read_as_ssh_keygen_prints_it_and_compares_with_what_the_server_shows()
    {
        var pinned = HostKeyFingerprint.Parse(Fingerprint).Value;

        Assert.Equal(Fingerprint, pinned.ToString());
        Assert.Equal(pinned, HostKeyFingerprint.FromBase64("y4ctFzvwWz35lSrq6po36RfUL4Je3Ciw8J2HgtyLUvY"));
        Assert.NotEqual(pinned, HostKeyFingerprint.FromBase64("jLyA/eqNmrMFpXWhGb+BRQ4MYIADjFcMX/sf/cNnio4"));
    }

    [Theory]
    [InlineData("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48")]
    [InlineData("SHA256:tooshort")]
    [InlineData("")]
    public void Anything_but_a_sha256_fingerprint_is_refused_with_an_example(string text)
    {
        var parsed = HostKeyFingerprint.Parse(text);

        Assert.True(parsed.IsFailure);
        Assert.Contains("SHA256:", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_without_a_pinned_host_key_is_refused_unless_it_trusts_on_first_use()
    {
        var settings = Valid();
        settings.HostKeyFingerprint = null;

        var problem = Assert.Single(settings.ToRemoteSource("acme").Error);
        Assert.StartsWith("Settlement:Sources:acme:HostKeyFingerprint is required", problem, StringComparison.Ordinal);

        settings.TrustOnFirstUse = true;
        Assert.True(settings.ToRemoteSource("acme").IsSuccess);
    }

    [Fact]
    public void Each_bad_setting_is_named_by_its_key()
    {
        var settings = new SourceOptions { Port = 0, AfterTaken = "archive", Cron = "every night", Pattern = "in/*.csv", HostKeyFingerprint = "MD5:aa" };

        var problems = settings.ToRemoteSource("Acme Bank").Error;

        string[] expected =
        [
            "Settlement:Sources:Acme Bank: a source name",
            "Settlement:Sources:Acme Bank:Host is required",
            "Settlement:Sources:Acme Bank:Port must be",
            "Settlement:Sources:Acme Bank:User is required",
            "Settlement:Sources:Acme Bank: give PrivateKeyFile",
            "Settlement:Sources:Acme Bank:HostKeyFingerprint 'MD5:aa'",
            "Settlement:Sources:Acme Bank:Pattern: the file-name pattern 'in/*.csv' names a folder",
            "Settlement:Sources:Acme Bank:AfterTaken 'archive'",
            "Settlement:Sources:Acme Bank:Cron 'every night'",
        ];
        Assert.Equal(expected.Length, problems.Count);
        Assert.All(expected.Zip(problems), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
    }

    [Fact]
    public void Moving_taken_files_needs_a_folder_other_than_the_one_listed()
    {
        var settings = Valid();
        settings.AfterTaken = "move";
        settings.MoveTo = "/outgoing/";

        Assert.Contains("MoveTo is required with AfterTaken=move, and must be another folder", Assert.Single(settings.ToRemoteSource("acme").Error), StringComparison.Ordinal);
    }

    private static SourceOptions Valid() => new()
    {
        Host = "sftp.acme.example",
        User = "merchant",
        Password = "secret",
        HostKeyFingerprint = Fingerprint,
        RemoteFolder = "/outgoing",
    };
}
