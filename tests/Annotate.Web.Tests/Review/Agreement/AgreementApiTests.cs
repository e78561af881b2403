using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Annotate.Core.Agreement;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Queue;
using Annotate.Web.Features.Review;
using Annotate.Web.Features.Review.Agreement;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Review.Agreement;

/// <summary>
/// Three annotators answer six items through the queue with answers fixed in advance (one changes an answer); the
/// agreement figures must equal Core's coefficients computed directly on the same answers.
/// </summary>
public abstract class AgreementApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const double Exact = 1e-12;

    // Per annotator, the answers to items 1–6.
    private static readonly string[][] Sentiment =
    [
        ["pos", "pos", "neg", "neu", "pos", "neg"],
        ["pos", "neg", "neg", "neu", "pos", "pos"],
        ["pos", "pos", "neg", "pos", "neg", "neg"],
    ];

    private static readonly int[][] Quality =
    [
        [5, 4, 2, 3, 4, 1],
        [5, 3, 2, 3, 5, 2],
        [4, 4, 1, 3, 4, 1],
    ];

    // "-" leaves the optional multi-label question unanswered.
    private static readonly string[][] Topics =
    [
        ["price", "price service", "-", "service", "price", "-"],
        ["price", "price", "quality", "service", "-", "-"],
        ["price quality", "price service", "quality", "-", "price", "-"],
    ];

    private static readonly LabelSchema Schema = new(
    [
        new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single,
            [new LabelDefinition("pos", "Positive"), new LabelDefinition("neg", "Negative"), new LabelDefinition("neu", "Neutral")]),
        new QuestionDefinition("quality", "Quality", QuestionKind.Rating, Min: 1, Max: 5),
        new QuestionDefinition("topics", "Topics", QuestionKind.Multi,
            [new LabelDefinition("price", "Price"), new LabelDefinition("service", "Service"), new LabelDefinition("quality", "Quality")], Required: false),
        new QuestionDefinition("note", "Note", QuestionKind.FreeText, Required: false),
    ]);

    private QueueService Queue => factory.Services.GetRequiredService<QueueService>();

    private AgreementService Agreement => factory.Services.GetRequiredService<AgreementService>();

    private sealed record Setup(
        int Id, AppUser Manager, AppUser Reviewer, AppUser AnnotatorOnly, AppUser[] Annotators, Dictionary<long, int> ItemNumber)
    {
        public Caller ManagerCaller => AnnotateWebFactory.CallerOf(Manager);

        public Caller ReviewerCaller => AnnotateWebFactory.CallerOf(Reviewer);

        public string Item(int number) => ItemNumber.Single(p => p.Value == number).Key.ToString(CultureInfo.InvariantCulture);
    }

    private static Answer AnswerOf(int annotator, int item, string? sentiment = null)
    {
        var questions = new Dictionary<string, QuestionAnswer>
        {
            ["sentiment"] = new(Label: sentiment ?? Sentiment[annotator][item - 1]),
            ["quality"] = new(Rating: Quality[annotator][item - 1]),
        };
        if (Topics[annotator][item - 1] != "-")
        {
            questions["topics"] = new(Labels: Topics[annotator][item - 1].Split(' '));
        }
        return new Answer(questions);
    }

    /// <summary>k = 3; six items; a Manager, a Reviewer, annotators A, B, C who answer everything, and an annotator who answers nothing.</summary>
    private async Task<Setup> ProjectAsync()
    {
        var admin = AnnotateWebFactory.CallerOf(await factory.CreateUserAsync(admin: true), admin: true);
        var projects = factory.Services.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(admin, new CreateProjectRequest($"Agreement {Guid.NewGuid():N}", null), Ct);
        await factory.Services.GetRequiredService<SchemaService>().SaveAsync(admin, project.Id, Schema, Ct);
        await Queue.SaveSettingsAsync(admin, project.Id, new QueueSettings(3, 30), Ct);
        var items = Enumerable.Range(1, 6).Select(i => new Item { Text = $"Review {i}", ContentHash = $"r{i}" }).ToList();
        await ItemSeeder.SeedAsync(factory, project.Id, items);

        var run = Guid.NewGuid().ToString("N")[..8];
        async Task<AppUser> MemberAsync(string name, ProjectRoles roles)
        {
            var user = await factory.CreateUserAsync($"{name}-{run}@example.test");
            await projects.SetMemberAsync(admin, project.Id, new SetMemberRequest(user.Email!, roles), Ct);
            return user;
        }
        var manager = await MemberAsync("manager", ProjectRoles.Manager);
        var reviewer = await MemberAsync("reviewer", ProjectRoles.Reviewer);
        var annotators = new[] { await MemberAsync("ann-a", ProjectRoles.Annotator), await MemberAsync("ann-b", ProjectRoles.Annotator), await MemberAsync("ann-c", ProjectRoles.Annotator) };
        var idle = await MemberAsync("idle", ProjectRoles.Annotator);
        var numbers = items.ToDictionary(i => i.Id, i => int.Parse(i.Text["Review ".Length..], CultureInfo.InvariantCulture));

        for (var a = 0; a < annotators.Length; a++)
        {
            var caller = AnnotateWebFactory.CallerOf(annotators[a]);
            while (await Queue.NextAsync(caller, project.Id, null, false, Ct) is { } next)
            {
                var number = numbers[next.ItemId];
                // C first calls item 1 negative, then changes it to positive: only the latest version counts.
                var first = a == 2 && number == 1 ? AnswerOf(a, number, sentiment: "neg") : AnswerOf(a, number);
                await Queue.SubmitAsync(caller, project.Id, next.ItemId, new SubmitRequest(first), Ct);
                if (a == 2 && number == 1)
                {
                    await Queue.SubmitAsync(caller, project.Id, next.ItemId, new SubmitRequest(AnswerOf(a, number)), Ct);
                }
            }
        }
        return new Setup(project.Id, manager, reviewer, idle, annotators, numbers);
    }

    /// <summary>The same answers straight into Core, items 1–6 (or the first <paramref name="upTo"/>).</summary>
    private static ReliabilityData<T> Expected<T>(Setup p, Func<int, int, T?> value, IEqualityComparer<T>? comparer = null, int upTo = 6)
        where T : class =>
        Build(p, (a, i) => value(a, i) is { } v ? (true, v) : (false, null!), comparer, upTo);

    private static ReliabilityData<T> ExpectedValues<T>(Setup p, Func<int, int, T?> value)
        where T : struct =>
        Build(p, (a, i) => value(a, i) is { } v ? (true, v) : (false, default), null, 6);

    private static ReliabilityData<T> Build<T>(Setup p, Func<int, int, (bool Has, T Value)> value, IEqualityComparer<T>? comparer, int upTo)
        where T : notnull
    {
        var builder = new ReliabilityDataBuilder<T>(comparer);
        for (var item = 1; item <= upTo; item++)
        {
            for (var a = 0; a < 3; a++)
            {
                if (value(a, item) is (true, var v))
                {
                    builder.Add(p.Item(item), p.Annotators[a].Id, v);
                }
                else
                {
                    builder.AddMissing(p.Item(item), p.Annotators[a].Id);
                }
            }
        }
        return builder.Build();
    }

    private static ReliabilityData<string> ExpectedSentiment(Setup p, int upTo = 6) =>
        Expected(p, (a, i) => Sentiment[a][i - 1], StringComparer.Ordinal, upTo);

    private static PairRow Pair(AgreementReport report, AppUser x, AppUser y) =>
        report.Pairs.Single(r => (r.A == x.Id && r.B == y.Id) || (r.A == y.Id && r.B == x.Id));

    [Fact]
    public async Task SingleLabelFiguresEqualCoreOnTheCurrentAnswers()
    {
        factory.SkipWhenUnavailable();
        var p = await ProjectAsync();
        var expected = ExpectedSentiment(p);

        var report = await Agreement.GetAsync(p.ReviewerCaller, p.Id, "sentiment", Ct);

        Assert.Equal(("sentiment", "nominal", 6, 18, 6), (report.Question.Key, report.Measure, report.Items, report.Answers, report.PairableItems));
        Assert.Equal(KrippendorffAlpha.Nominal(expected).Alpha!.Value, report.Alpha.Value!.Value, Exact);
        Assert.Equal(FleissKappa.Compute(expected).Kappa!.Value, report.FleissKappa.Value!.Value, Exact);
        // By hand: items agree fully (1, 3) or two of three (2, 4, 5, 6): (2 + 4/3) / 6.
        Assert.Equal(10.0 / 18, report.PercentAgreement.Value!.Value, Exact);
        Assert.Equal(PercentAgreement.Compute(expected).Value!.Value, report.PercentAgreement.Value!.Value, Exact);

        Assert.Equal(3, report.Pairs.Count);
        var (a, b, c) = (p.Annotators[0], p.Annotators[1], p.Annotators[2]);
        foreach (var (x, y) in new[] { (a, b), (a, c), (b, c) })
        {
            var pair = Pair(report, x, y);
            Assert.Equal(CohensKappa.Compute(expected, x.Id, y.Id).Kappa!.Value, pair.Kappa!.Value, Exact);
            Assert.Equal(6, pair.SharedItems);
        }
        // A and C: both positive on 1 and 2, negative on 3 and 6; A neutral/C positive on 4; A positive/C negative on 5.
        var ac = Pair(report, a, c);
        Assert.Equal(4.0 / 6, ac.PercentAgreement!.Value, Exact);
        Assert.Equal(["Positive", "Negative", "Neutral"], ac.Confusion!.Labels);
        Assert.Equal([[2.0, 1, 0], [0, 2, 0], [1, 0, 0]], ac.Confusion.Cells.Select(r => r.ToArray()));
        Assert.Equal((a.Email, c.Email), (ac.AName, ac.BName));

        var byLabel = AgreementBreakdown.ByLabel(expected);
        Assert.Equal(["pos", "neg", "neu"], report.Labels.Select(l => l.Label));
        Assert.Equal([9, 7, 2], report.Labels.Select(l => l.Given));
        foreach (var row in report.Labels)
        {
            Assert.Equal(byLabel.Single(l => l.Label == row.Label).Alpha!.Value, row.Alpha!.Value, Exact);
        }

        var byAnnotator = AgreementBreakdown.ByAnnotator(expected);
        var model = LabelAggregation.Aggregate(expected, AggregationMethod.DawidSkene);
        // Rows are alphabetical by name: ann-a, ann-b, ann-c; the idle annotator answered nothing and has no row.
        Assert.Equal([a.Id, b.Id, c.Id], report.Annotators.Select(r => r.UserId));
        foreach (var row in report.Annotators)
        {
            var core = byAnnotator.Single(r => r.Annotator == row.UserId);
            Assert.Equal((core.Items, core.ItemsWithOthers), (row.Items, row.ItemsWithOthers));
            Assert.Equal(core.AgreementWithOthers!.Value, row.AgreementWithOthers!.Value, Exact);
            Assert.Equal(core.MeanPairwiseKappa!.Value, row.MeanPairwiseKappa!.Value, Exact);
            Assert.Equal(core.AlphaWithout.Alpha!.Value, row.AlphaWithout!.Value, Exact);
            Assert.Equal(model.Annotators.Single(e => e.Annotator == row.UserId).Accuracy!.Value, row.ModelAccuracy!.Value, Exact);
            Assert.Equal(3, row.ModelConfusion!.Labels.Count);
            // Nothing reviewed and no gold yet: the references score nobody.
            Assert.Equal([("reviewed", 0, (double?)null), ("gold", 0, null)], row.References.Select(r => (r.Key, r.Items, r.Accuracy)));
        }
        Assert.Null(report.Model);
    }

    [Fact]
    public async Task RatingsAndMultiLabelUseTheirOwnMeasures()
    {
        factory.SkipWhenUnavailable();
        var p = await ProjectAsync();

        var ratings = await Agreement.GetAsync(p.ManagerCaller, p.Id, "quality", Ct);
        var expected = ExpectedValues(p, (a, i) => (double?)Quality[a][i - 1]);
        Assert.Equal(("interval", "quadratic-weighted κ"), (ratings.Measure, ratings.KappaMeasure));
        Assert.Equal(KrippendorffAlpha.Interval(expected).Alpha!.Value, ratings.Alpha.Value!.Value, Exact);
        Assert.Equal(KrippendorffAlpha.Ordinal(expected).Alpha!.Value, ratings.SecondaryAlpha!.Value!.Value, Exact);
        var ab = Pair(ratings, p.Annotators[0], p.Annotators[1]);
        Assert.Equal(CohensKappa.Weighted(expected, 0, 1, KappaWeighting.Quadratic).Kappa!.Value, ab.Kappa!.Value, Exact);
        Assert.Equal(CohensKappa.Weighted(expected, 0, 1, KappaWeighting.Linear).Kappa!.Value, ab.LinearKappa!.Value, Exact);
        Assert.Equal(CohensKappa.Compute(expected, 0, 1).Kappa!.Value, ab.UnweightedKappa!.Value, Exact);
        Assert.Equal(["1", "2", "3", "4", "5"], ratings.Labels.Select(l => l.Label));
        var withoutC = ExpectedValues(p, (a, i) => a == 2 ? (double?)null : Quality[a][i - 1]);
        Assert.Equal(KrippendorffAlpha.Interval(withoutC).Alpha!.Value, ratings.Annotators[2].AlphaWithout!.Value, Exact);

        var topics = await Agreement.GetAsync(p.ManagerCaller, p.Id, "topics", Ct);
        var sets = Expected(p, (a, i) => Topics[a][i - 1] == "-" ? null : new LabelSet(Topics[a][i - 1].Split(' ')));
        Assert.Equal(("MASI distance", 5, 12, 5), (topics.Measure, topics.Items, topics.Answers, topics.PairableItems));
        Assert.Equal(KrippendorffAlpha.WithDifference(sets, SetDistance.Masi).Alpha!.Value, topics.Alpha.Value!.Value, Exact);
        Assert.Equal(KrippendorffAlpha.WithDifference(sets, SetDistance.Jaccard).Alpha!.Value, topics.SecondaryAlpha!.Value!.Value, Exact);
        Assert.Null(topics.FleissKappa.Value);
        Assert.Contains("sets", topics.FleissKappa.Note);
        Assert.Null(topics.Pairs[0].Confusion);
        Assert.Contains("sets", topics.Model);
        // Price, one-vs-rest: "has price" as a yes/no answer on every answered item.
        var price = ExpectedValues(p, (a, i) => Topics[a][i - 1] == "-" ? (bool?)null : Topics[a][i - 1].Split(' ').Contains("price"));
        Assert.Equal(KrippendorffAlpha.Nominal(price).Alpha!.Value, topics.Labels.Single(l => l.Label == "price").Alpha!.Value, Exact);
        Assert.Equal(8, topics.Labels.Single(l => l.Label == "price").Given);

        var note = await Agreement.GetAsync(p.ManagerCaller, p.Id, "note", Ct);
        Assert.Contains("free text", note.Unsupported);
        Assert.False(note.Question.Supported);
    }

    [Fact]
    public async Task TheTimelineMeasuresTheAnswersOfEachDay()
    {
        factory.SkipWhenUnavailable();
        var p = await ProjectAsync();
        // Items 1–3 were answered yesterday (the test moves the timestamps; the app never rewrites annotations).
        var yesterday = DateTime.UtcNow.Date.AddDays(-1).AddHours(10);
        var early = p.ItemNumber.Where(i => i.Value <= 3).Select(i => i.Key).ToList();
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            await db.Annotations.Where(x => x.ProjectId == p.Id && early.Contains(x.ItemId))
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.CreatedAt, yesterday), Ct);
        }

        var report = await Agreement.GetAsync(p.ManagerCaller, p.Id, "sentiment", Ct);

        Assert.Equal(1, report.TimelineDaysPerPoint);
        Assert.Equal(2, report.Timeline.Count);
        var (first, last) = (report.Timeline[0], report.Timeline[1]);
        Assert.Equal(DateTime.UtcNow.Date, first.Until);
        // Yesterday: items 1–3 with C's changed answer on item 1 (both versions carry the same moment; the later version wins).
        Assert.Equal((9, 3), (first.Answers, first.PairableItems));
        Assert.Equal(KrippendorffAlpha.Nominal(ExpectedSentiment(p, upTo: 3)).Alpha!.Value, first.Alpha!.Value, Exact);
        Assert.Equal(18, last.Answers);
        Assert.Equal(report.Alpha.Value!.Value, last.Alpha!.Value, Exact);

        var annotator = await Agreement.GetAnnotatorAsync(p.ManagerCaller, p.Id, p.Annotators[2].Id, "sentiment", Ct);
        Assert.Equal([3, 3], annotator.Submitted.Select(s => s.Count));
    }

    [Fact]
    public async Task AnAnnotatorsPageShowsThemAgainstTheOthersMajority()
    {
        factory.SkipWhenUnavailable();
        var p = await ProjectAsync();
        var c = p.Annotators[2];

        var report = await Agreement.GetAnnotatorAsync(p.ReviewerCaller, p.Id, c.Id, "sentiment", Ct);

        Assert.Equal((c.Email, 6), (report.Name, report.Row!.Items));
        Assert.Equal(2, report.Pairs.Count);
        Assert.All(report.Pairs, pair => Assert.Equal(c.Id, pair.A));
        // C is side A: rows are C's answers. Against A: C said positive where A said neutral (item 4).
        var withA = report.Pairs.Single(pair => pair.B == p.Annotators[0].Id);
        Assert.Equal([[2.0, 0, 1], [1, 2, 0], [0, 0, 0]], withA.Confusion!.Cells.Select(r => r.ToArray()));
        // The others (A, B) have a strict majority on items 1 (pos), 3 (neg), 4 (neu), 5 (pos); C agrees on 1 and 3.
        Assert.Equal((4, 0.5), (report.MajorityItems, report.MajorityAgreement));
        Assert.Equal([[1.0, 0, 1], [1, 1, 0], [0, 0, 0]], report.MajorityConfusion!.Cells.Select(r => r.ToArray()));
        Assert.Equal([6], report.Submitted.Select(s => s.Count));

        var idle = await Agreement.GetAnnotatorAsync(p.ReviewerCaller, p.Id, p.AnnotatorOnly.Id, "sentiment", Ct);
        Assert.Null(idle.Row);
        Assert.Empty(idle.Submitted);
        await Assert.ThrowsAsync<NotFoundException>(() => Agreement.GetAnnotatorAsync(p.ReviewerCaller, p.Id, "nobody", null, Ct));
    }

    [Fact]
    public async Task AReferenceScoresEachAnnotator()
    {
        factory.SkipWhenUnavailable();
        var p = await ProjectAsync();
        // Gold says every item is positive except 3 (negative); item 6 has no gold answer.
        var gold = new FixedReference(Enumerable.Range(1, 5).ToDictionary(i => long.Parse(p.Item(i), CultureInfo.InvariantCulture), i => new QuestionAnswer(Label: i == 3 ? "neg" : "pos")));
        var service = new AgreementService(factory.DbFactory, factory.Services.GetRequiredService<ProjectAccessService>(),
            factory.Services.GetRequiredService<SchemaService>(), [gold], TimeProvider.System);

        var report = await service.GetAsync(p.ManagerCaller, p.Id, "sentiment", Ct);

        Assert.Equal([new ReferenceInfo("gold", "Gold")], report.References);
        // On items 1–5: A right on 1, 2, 3, 5; B on 1, 3, 5; C on 1, 2, 3, 4.
        Assert.Equal([0.8, 0.6, 0.8], report.Annotators.Select(r => r.References.Single().Accuracy!.Value));
        Assert.All(report.Annotators, r => Assert.Equal(5, r.References.Single().Items));
    }

    [Fact]
    public async Task ReviewedLabelsAndGoldAnswersScoreEachAnnotator()
    {
        factory.SkipWhenUnavailable();
        var p = await ProjectAsync();
        var routing = factory.Services.GetRequiredService<ReviewRoutingService>();
        var review = factory.Services.GetRequiredService<ReviewService>();
        async Task ResolveAsync(int item, Func<ReviewItem, ResolveRequest> decide)
        {
            // The item's open task (its answers disagree, so the queue opened one), or a new one.
            var task = await routing.SendAsync(p.ManagerCaller, p.Id, long.Parse(p.Item(item), CultureInfo.InvariantCulture), new SendToReviewRequest(), Ct);
            var shown = await review.TakeAsync(p.ReviewerCaller, p.Id, task.TaskId, Ct);
            await review.ResolveAsync(p.ReviewerCaller, p.Id, task.TaskId, decide(shown), Ct);
        }

        var before = await Agreement.GetAsync(p.ManagerCaller, p.Id, "sentiment", Ct);
        Assert.Equal([new ReferenceInfo("reviewed", "reviewed labels"), new ReferenceInfo("gold", "gold")], before.References);
        Assert.All(before.Annotators, r => Assert.Equal([(0, (double?)null), (0, null)], r.References.Select(s => (s.Items, s.Accuracy))));

        // Item 2 (A pos, B neg, C pos): the reviewer writes "neg". Item 4 (A neu, B neu, C pos): the reviewer accepts C's answer.
        await ResolveAsync(2, _ => new ResolveRequest(Answer: new Answer(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: "neg"), ["quality"] = new(Rating: 3) })));
        await ResolveAsync(4, shown => new ResolveRequest(AnnotationId: shown.Annotations.Single(a => a.AnnotatorId == p.Annotators[2].Id).AnnotationId));

        var reviewed = await Agreement.GetAsync(p.ManagerCaller, p.Id, "sentiment", Ct);
        // A: wrong on both; B: right on 2; C: right on 4.
        Assert.Equal([(2, 0.0), (2, 0.5), (2, 0.5)], reviewed.Annotators.OrderBy(r => Array.FindIndex(p.Annotators, a => a.Id == r.UserId))
            .Select(r => r.References[0]).Select(s => (s.Items, s.Accuracy!.Value)));
        Assert.All(reviewed.Annotators, r => Assert.Equal(0, r.References[1].Items));

        // Gold answers to items 1 (pos), 2 (pos) and 3 (neg), sentiment only. Item 2's final label is now its gold answer,
        // so it leaves the reviewed labels.
        var gold = factory.Services.GetRequiredService<GoldService>();
        foreach (var (item, label) in new[] { (1, "pos"), (2, "pos"), (3, "neg") })
        {
            await gold.SetAsync(p.ManagerCaller, p.Id, long.Parse(p.Item(item), CultureInfo.InvariantCulture),
                new SetGoldRequest(new Answer(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: label) })), Ct);
        }
        var both = await Agreement.GetAsync(p.ReviewerCaller, p.Id, "sentiment", Ct);
        var rows = p.Annotators.Select(a => both.Annotators.Single(r => r.UserId == a.Id)).ToList();
        Assert.Equal([(1, 0.0), (1, 0.0), (1, 1.0)], rows.Select(r => (r.References[0].Items, r.References[0].Accuracy!.Value)));
        // A: pos pos neg, all right; B: pos neg neg, wrong on 2; C (pos after changing item 1) pos pos neg, all right.
        Assert.Equal([(3, 1.0), (3, 2 / 3.0), (3, 1.0)], rows.Select(r => (r.References[1].Items, r.References[1].Accuracy!.Value)));

        // The annotator's page shows the same figures; a question the gold answers do not give has no gold figure.
        var page = await Agreement.GetAnnotatorAsync(p.ManagerCaller, p.Id, p.Annotators[1].Id, "sentiment", Ct);
        Assert.Equal([("reviewed", 1, 0.0), ("gold", 3, 2 / 3.0)], page.Row!.References.Select(s => (s.Key, s.Items, s.Accuracy!.Value)));
        var quality = await Agreement.GetAsync(p.ManagerCaller, p.Id, "quality", Ct);
        Assert.All(quality.Annotators, r => Assert.Equal((1, 0), (r.References[0].Items, r.References[1].Items)));
    }

    [Fact]
    public async Task OnlyManagersAndReviewersReachTheEndpoints()
    {
        factory.SkipWhenUnavailable();
        var p = await ProjectAsync();
        var url = $"/api/projects/{p.Id}/agreement?question=sentiment";
        var annotatorUrl = $"/api/projects/{p.Id}/agreement/annotators/{p.Annotators[0].Id}";

        var reviewer = await factory.SignInAsync(p.Reviewer);
        var report = await reviewer.GetFromJsonAsync<AgreementReport>(url, AnnotateJson.Options, Ct);
        Assert.Equal(KrippendorffAlpha.Nominal(ExpectedSentiment(p)).Alpha!.Value, report!.Alpha.Value!.Value, Exact);
        var byDefault = await reviewer.GetFromJsonAsync<AgreementReport>($"/api/projects/{p.Id}/agreement", AnnotateJson.Options, Ct);
        Assert.Equal("sentiment", byDefault!.Question.Key);
        Assert.Equal(["sentiment", "quality", "topics", "note"], byDefault.Questions.Select(q => q.Key));
        var page = await reviewer.GetFromJsonAsync<AnnotatorReport>(annotatorUrl, AnnotateJson.Options, Ct);
        Assert.Equal(6, page!.Row!.Items);

        var manager = await factory.SignInAsync(p.Manager);
        using (var ok = await manager.GetAsync(url, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using (var unknown = await manager.GetAsync($"/api/projects/{p.Id}/agreement?question=stars", Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("no question 'stars'", await unknown.Content.ReadAsStringAsync(Ct));
        }

        var annotator = await factory.SignInAsync(p.Annotators[0]);
        foreach (var path in new[] { url, annotatorUrl })
        {
            using var forbidden = await annotator.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        var stranger = await factory.SignInAsync(await factory.CreateUserAsync());
        foreach (var path in new[] { url, annotatorUrl })
        {
            using var notFound = await stranger.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
            Assert.DoesNotContain(p.Annotators[0].Email!, await notFound.Content.ReadAsStringAsync(Ct));
        }

        using var anonymous = await factory.CreateAnonymousClient().GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await Assert.ThrowsAsync<ForbiddenException>(() => Agreement.GetAsync(AnnotateWebFactory.CallerOf(p.Annotators[0]), p.Id, null, Ct));
    }

    private sealed class FixedReference(IReadOnlyDictionary<long, QuestionAnswer> answers) : IAgreementReference
    {
        public string Key => "gold";

        public string Name => "Gold";

        public Task<IReadOnlyDictionary<long, QuestionAnswer>> LoadAsync(int projectId, string questionKey, CancellationToken cancellationToken) =>
            Task.FromResult(answers);
    }
}

public sealed class SqliteAgreementApiTests(SqliteWebFactory factory) : AgreementApiTests<SqliteWebFactory>(factory);

public sealed class PostgresAgreementApiTests(PostgresWebFactory factory) : AgreementApiTests<PostgresWebFactory>(factory);
