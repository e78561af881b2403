using System.Net;
using System.Net.Http.Json;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Queue;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Queue;

/// <summary>The queue order "by a metadata field": numbers as numbers, text after them, missing last, ties by id.</summary>
public abstract class QueueOrderByMetadataTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private QueueService Queue => factory.Services.GetRequiredService<QueueService>();

    /// <summary>Each item's metadata (as the importers write it: string values) and a name to follow it by.</summary>
    private static readonly (string Name, string? Json)[] Scores =
    [
        ("ten", """{"score":"10","lang":"en"}"""),
        ("nine", """{"score":"9","lang":"en"}"""),
        ("word-a", """{"score":"apple","lang":"en"}"""),
        ("blank", """{"score":"  ","lang":"en"}"""),
        ("absent", """{"lang":"en"}"""),
        ("negative", """{"score":"-2.5","lang":"en"}"""),
        ("ten-again", """{"score":"1e1","lang":"en"}"""),
        ("word-B", """{"score":"Banana","lang":"en"}"""),
        ("json-number", """{"score":5,"lang":"en"}"""),
        ("null", """{"score":null,"lang":"en"}"""),
        ("no-metadata", null),
        ("leading-zero", """{"score":"007","lang":"en"}"""),
    ];

    [Fact]
    public async Task AscendingPutsNumbersInNumericOrderThenTextThenMissingWithTiesByImportOrder()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotator) = await ProjectAsync();
        var saved = await Queue.SaveSettingsAsync(admin!, projectId, new QueueSettings(1, 30, QueueOrder.MetadataField, 0, " score ", false), Ct);
        Assert.Equal("score", saved.OrderField);

        // "007" is not written like a JSON number, so it is text ("0" sorts before letters by character code).
        Assert.Equal(
            ["negative", "json-number", "nine", "ten", "ten-again", "leading-zero", "word-B", "word-a", "blank", "absent", "null", "no-metadata"],
            await HandedOutAsync(projectId, annotator));
    }

    [Fact]
    public async Task DescendingReversesValuesButKeepsMissingLastAndTiesByImportOrder()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotator) = await ProjectAsync();
        await Queue.SaveSettingsAsync(admin!, projectId, new QueueSettings(1, 30, QueueOrder.MetadataField, 0, "score", Descending: true), Ct);
        var settings = await Queue.GetSettingsAsync(annotator, projectId, Ct);
        Assert.Equal((QueueOrder.MetadataField, "score", true), (settings.Order, settings.OrderField, settings.Descending));

        Assert.Equal(
            ["word-a", "word-B", "leading-zero", "ten", "ten-again", "nine", "json-number", "negative", "blank", "absent", "null", "no-metadata"],
            await HandedOutAsync(projectId, annotator));
    }

    [Fact]
    public async Task ItemsAlreadyFullOrTakenAreLeftOutOfTheFieldOrder()
    {
        factory.SkipWhenUnavailable();
        var (projectId, annotator) = await ProjectAsync();
        await Queue.SaveSettingsAsync(admin!, projectId, new QueueSettings(1, 30, QueueOrder.MetadataField, 0, "score"), Ct);
        var other = await AnnotatorAsync(projectId);
        var first = (await Queue.NextAsync(other, projectId, null, false, Ct))!;
        await Queue.SubmitAsync(other, projectId, first.ItemId, new SubmitRequest(QueueTestAnswers.Positive), Ct);
        var second = (await Queue.NextAsync(other, projectId, null, false, Ct))!;

        // k = 1: "negative" is answered and "json-number" is leased by the other annotator.
        Assert.Equal([names!["negative"], names["json-number"]], [first.ItemId, second.ItemId]);
        Assert.Equal(["nine", "ten", "ten-again"], (await HandedOutAsync(projectId, annotator)).Take(3));
    }

    [Fact]
    public async Task TheFieldIsCheckedAndNamedInTheError()
    {
        factory.SkipWhenUnavailable();
        var (projectId, _) = await ProjectAsync();

        var missing = await Assert.ThrowsAsync<InputException>(() =>
            Queue.SaveSettingsAsync(admin!, projectId, new QueueSettings(1, 30, QueueOrder.MetadataField, 0, "  "), Ct));
        Assert.Equal("Ordering by a metadata field needs the field's name.", missing.Errors["OrderField"].Single());

        var unknown = await Assert.ThrowsAsync<InputException>(() =>
            Queue.SaveSettingsAsync(admin!, projectId, new QueueSettings(1, 30, QueueOrder.MetadataField, 0, "scroe"), Ct));
        Assert.Equal("The items of this project have no metadata field 'scroe'; their fields are: lang, score.", unknown.Errors["OrderField"].Single());

        var quoted = await Assert.ThrowsAsync<InputException>(() =>
            Queue.SaveSettingsAsync(admin!, projectId, new QueueSettings(1, 30, QueueOrder.MetadataField, 0, "sc\"ore"), Ct));
        Assert.Contains("'sc\"ore' is not allowed", quoted.Errors["OrderField"].Single());

        // Nothing was saved by the refused requests.
        Assert.Equal(QueueOrder.LeastAnnotated, (await Queue.GetSettingsAsync(admin!, projectId, Ct)).Order);
        Assert.Equal(["lang", "score"], await Queue.MetadataFieldsAsync(admin!, projectId, Ct));

        // Over HTTP the same rule answers 400 with the field named.
        var client = await factory.SignInAsync(adminUser!);
        using var response = await client.PutAsJsonAsync($"/api/projects/{projectId}/queue/settings",
            new QueueSettings(1, 30, QueueOrder.MetadataField, 0, "scroe"), AnnotateJson.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(AnnotateJson.Options, Ct);
        Assert.Contains("no metadata field 'scroe'", problem!.Errors["OrderField"].Single());

        // Choosing another order forgets the field.
        await Queue.SaveSettingsAsync(admin!, projectId, new QueueSettings(1, 30, QueueOrder.MetadataField, 0, "lang", true), Ct);
        var random = await Queue.SaveSettingsAsync(admin!, projectId, new QueueSettings(1, 30, QueueOrder.Random, 7, "lang", true), Ct);
        Assert.Equal((null, false), (random.OrderField, random.Descending));
        Assert.Equal((QueueOrder.Random, null, false), ((await Queue.GetSettingsAsync(admin!, projectId, Ct)) is var s ? (s.Order, s.OrderField, s.Descending) : default));
    }

    [Fact]
    public async Task AProjectWithoutItemsAcceptsAFieldForLaterImports()
    {
        factory.SkipWhenUnavailable();
        var (projectId, _) = await ProjectAsync(seed: false);
        var saved = await Queue.SaveSettingsAsync(admin!, projectId, new QueueSettings(1, 30, QueueOrder.MetadataField, 0, "priority", true), Ct);
        Assert.Equal(("priority", true), (saved.OrderField, saved.Descending));
    }

    private Caller? admin;
    private AppUser? adminUser;
    private Dictionary<string, long>? names;

    /// <summary>The names of the items the annotator is handed, one after another, until none is left.</summary>
    private async Task<List<string>> HandedOutAsync(int projectId, Caller annotator)
    {
        var byId = names!.ToDictionary(p => p.Value, p => p.Key);
        var holding = new List<long>();
        while (await Queue.NextAsync(annotator, projectId, holding, false, Ct) is { } item)
        {
            holding.Add(item.ItemId);
        }
        return [.. holding.Select(id => byId[id])];
    }

    private async Task<(int ProjectId, Caller Annotator)> ProjectAsync(bool seed = true)
    {
        adminUser = await factory.CreateUserAsync(admin: true);
        admin = AnnotateWebFactory.CallerOf(adminUser, admin: true);
        var projects = factory.Services.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(admin, new CreateProjectRequest($"Order {Guid.NewGuid():N}", null), Ct);
        await factory.Services.GetRequiredService<SchemaService>().SaveAsync(admin, project.Id, QueueConcurrencyTests<TFactory>.Schema, Ct);
        if (seed)
        {
            var items = Scores.Select((s, i) => new Item { Text = $"Item {s.Name}", MetadataJson = s.Json, ContentHash = $"m{i}" }).ToList();
            await ItemSeeder.SeedAsync(factory, project.Id, items);
            names = items.Zip(Scores).ToDictionary(p => p.Second.Name, p => p.First.Id);
        }
        return (project.Id, await AnnotatorAsync(project.Id));
    }

    private async Task<Caller> AnnotatorAsync(int projectId)
    {
        var user = await factory.CreateUserAsync();
        await factory.Services.GetRequiredService<ProjectService>()
            .SetMemberAsync(admin!, projectId, new SetMemberRequest(user.Email!, ProjectRoles.Annotator), Ct);
        return AnnotateWebFactory.CallerOf(user);
    }
}

/// <summary>Answers to the test schema of <see cref="QueueConcurrencyTests{TFactory}.Schema"/>.</summary>
internal static class QueueTestAnswers
{
    public static Answer Positive { get; } = new(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: "pos") });
}

public sealed class SqliteQueueOrderByMetadataTests(SqliteWebFactory factory) : QueueOrderByMetadataTests<SqliteWebFactory>(factory);

public sealed class PostgresQueueOrderByMetadataTests(PostgresWebFactory factory) : QueueOrderByMetadataTests<PostgresWebFactory>(factory);
