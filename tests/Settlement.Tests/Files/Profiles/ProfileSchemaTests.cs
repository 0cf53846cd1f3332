using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Settlement.Reconciliation.Files.Profiles;
using Settlement.Tests.Files.Profiles.Language;

namespace Settlement.Tests.Files.Profiles;

/// <summary>The published JSON Schema of profiles: valid itself, met by every shipped and example profile, and refusing what the loader refuses.</summary>
public sealed class ProfileSchemaTests
{
    private static readonly JsonDocumentOptions Comments = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly JsonSchema Schema = JsonSchema.FromText(FormatProfileLoader.Schema());

    public static TheoryData<string> ShippedProfiles =>
        [.. typeof(FormatProfileLoader).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("Settlement.Reconciliation.Files.Profiles.Shipped.", StringComparison.Ordinal))
            .Select(name => name["Settlement.Reconciliation.Files.Profiles.Shipped.".Length..])];

    public static TheoryData<string> ExampleProfiles =>
        [.. Directory.EnumerateFiles(Path.GetDirectoryName(LanguageFiles.PathOf("x"))!, "*.json").Select(Path.GetFileName).OfType<string>()];

    [Fact]
    public void The_schema_is_a_valid_json_schema_2020_12_document()
    {
        var results = MetaSchemas.Draft202012.Evaluate(JsonDocument.Parse(FormatProfileLoader.Schema()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, Describe(results));
    }

    [Theory]
    [MemberData(nameof(ShippedProfiles))]
    public void Every_shipped_profile_meets_the_schema_and_names_it(string profile)
    {
        var text = FormatProfileLoader.ShippedText(profile)!;
        var document = JsonNode.Parse(text, documentOptions: Comments)!;

        var results = Schema.Evaluate(JsonDocument.Parse(text, Comments).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, Describe(results));
        Assert.Equal("../profile.schema.json", document["$schema"]?.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(ExampleProfiles))]
    public void Every_example_profile_of_the_docs_meets_the_schema_and_loads(string profile)
    {
        var path = LanguageFiles.PathOf(profile);
        var results = Schema.Evaluate(JsonDocument.Parse(File.ReadAllText(path), Comments).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, Describe(results));
        Assert.True(FormatProfileLoader.LoadFile(path).IsSuccess);
    }

    [Theory]
    [InlineData("""{ "name": "x", "kind": "payouts", "header": { "columns": ["A"] } }""")]
    [InlineData("""{ "name": "x y", "kind": "settlement", "header": { "columns": ["A"] }, "type": "SETTLED", "columns": { "line_id": "A" }, "amounts": { "gross": { "column": "A", "currency": "B" } }, "dates": { "settlement_date": { "column": "C", "formats": ["uuuu-MM-dd"] } } }""")]
    [InlineData("""{ "name": "x", "kind": "settlement", "header": { "columns": ["A"] }, "typ": "SETTLED" }""")]
    [InlineData("""{ "name": "x", "kind": "settlement", "header": { "columns": ["A"] }, "type": "SETTLED", "columns": { "line_id": "A" }, "amounts": { "gross": { "column": "A" } }, "dates": { "settlement_date": { "column": "C", "formats": ["uuuu-MM-dd"] } } }""")]
    [InlineData("""{ "name": "x", "kind": "settlement", "header": { "columns": ["A"] }, "type": "SETTLED", "columns": { "line_id": "A" }, "amounts": { "gross": { "column": "A", "currency": "B", "scale": "cents" } }, "dates": { "settlement_date": { "column": "C", "formats": ["uuuu-MM-dd"] } } }""")]
    [InlineData("""{ "name": "x", "kind": "settlement", "header": { "columns": ["A"] }, "skip": [ { "column": "A", "index": 0, "equals": "T" } ], "type": "SETTLED", "columns": { "line_id": "A" }, "amounts": { "gross": { "column": "A", "currency": "B" } }, "dates": { "settlement_date": { "column": "C", "formats": ["uuuu-MM-dd"] } } }""")]
    [InlineData("""{ "name": "x", "kind": "settlement", "header": { "columns": ["A"] }, "type": { "column": "T", "map": { "S": "SOLD" } }, "columns": { "line_id": "A" }, "amounts": { "gross": { "column": "A", "currency": "B" } }, "dates": { "settlement_date": { "column": "C", "formats": ["uuuu-MM-dd"] } } }""")]
    [InlineData("""{ "name": "x", "kind": "settlement", "header": { "columns": ["A"] }, "type": "SETTLED", "columns": { "line_id": { "const": "L", "carried": "y" } }, "amounts": { "gross": { "column": "A", "currency": "B" } }, "dates": { "settlement_date": { "column": "C", "formats": ["uuuu-MM-dd"] } } }""")]
    public void What_the_loader_refuses_the_schema_refuses_too(string json)
    {
        var results = Schema.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(LanguageFiles.Parse(json).IsFailure);
        Assert.False(results.IsValid);
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? []).Where(detail => detail.Errors is { Count: > 0 }).SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}")).Take(10));
}
