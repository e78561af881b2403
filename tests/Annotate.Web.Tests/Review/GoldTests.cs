using Annotate.Core.Labeling;
using Annotate.Data.Entities;
using Annotate.Web.Features.Queue;
using Annotate.Web.Features.Queue.Dashboard;
using Annotate.Web.Features.Review;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Annotate.Web.Tests.Review.ReviewProject;

namespace Annotate.Web.Tests.Review;

/// <summary>Gold items: mixed into the queue at the configured rate, outside the overlap, and scored per annotator.</summary>
public abstract class GoldTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<QueueItem>> WorkAsync(ReviewProject p, Caller annotator, int count, Func<QueueItem, Answer> answer)
    {
        var handed = new List<QueueItem>();
        for (var i = 0; i < count; i++)
        {
            var item = await p.Queue.NextAsync(annotator, p.ProjectId, null, false, Ct);
            if (item is null)
            {
                break;
            }
            handed.Add(item);
            await p.Queue.SubmitAsync(annotator, p.ProjectId, item.ItemId, new SubmitRequest(answer(item)), Ct);
        }
        return handed;
    }

    [Fact]
    public async Task GoldItemsAreMixedInAtTheRateForEveryAnnotatorAndScoreThem()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 50, overlap: 1, annotators: 2, new ReviewSettings(GoldRate: 0.25));
        var gold = p.ItemIds.TakeLast(5).ToHashSet();
        foreach (var id in gold)
        {
            await p.Gold.SetAsync(p.Manager, p.ProjectId, id, new SetGoldRequest(Label("pos")), Ct);
        }

        // The first annotator always answers "pos"; the second "neg" on every other gold item they meet.
        var first = await WorkAsync(p, p.Annotators[0], 20, _ => Label("pos"));
        var metByB = 0;
        var second = await WorkAsync(p, p.Annotators[1], 20, item => gold.Contains(item.ItemId) && metByB++ % 2 == 1 ? Label("neg") : Label("pos"));

        foreach (var handed in new[] { first, second })
        {
            Assert.Equal(20, handed.Count);
            // After n items an annotator has had within one of rate · n gold items, at every point.
            for (var n = 1; n <= handed.Count; n++)
            {
                var goldSoFar = handed.Take(n).Count(i => gold.Contains(i.ItemId));
                Assert.InRange(goldSoFar, Math.Floor(0.25 * n), Math.Ceiling(0.25 * n));
            }
            Assert.Equal(5, handed.Count(i => gold.Contains(i.ItemId)));
        }
        // With k = 1 a normal item goes to one annotator only; gold items go to everyone.
        Assert.Empty(first.Where(i => !gold.Contains(i.ItemId)).Select(i => i.ItemId).Intersect(second.Select(i => i.ItemId)));
        Assert.Equal(5, first.Select(i => i.ItemId).Intersect(second.Select(i => i.ItemId)).Count());
        // Nothing in what the annotator receives tells a gold item apart.
        Assert.Equal(typeof(QueueItem).GetProperties().Select(x => x.Name).Order(),
            ["CurrentAnswer", "CurrentVersion", "ItemId", "LeaseExpiresAt", "Metadata", "SchemaVersion", "Suggestions", "Text"]);

        var accuracy = await p.Gold.AccuracyAsync(p.Reviewer, p.ProjectId, Ct);
        Assert.Equal([(p.Annotators[0].UserId, 5, 5, (double?)1.0), (p.Annotators[1].UserId, 5, 3, 0.6)],
            accuracy.Select(a => (a.AnnotatorId, a.Items, a.Correct, a.Accuracy)));
        Assert.Equal(0.6, accuracy[1].MeanScore!.Value, 12);
        // Gold answers are the final labels of gold items; gold items do not go to review.
        var label = await p.FinalLabels.GetAsync(p.Manager, p.ProjectId, gold.First(), Ct);
        Assert.Equal((FinalLabelSource.Gold, "pos"), (label.Source, label.Answer!.Questions["sentiment"].Label));
        Assert.Empty(await p.TasksAsync());
        await Assert.ThrowsAsync<ForbiddenException>(() => p.Gold.AccuracyAsync(p.Annotators[0], p.ProjectId, Ct));
    }

    [Fact]
    public async Task WithoutARateGoldItemsStayOutOfTheQueue()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 6, overlap: 1, annotators: 1);
        await p.Gold.SetAsync(p.Manager, p.ProjectId, p.ItemIds[0], new SetGoldRequest(Label("neg")), Ct);
        await p.Gold.SetAsync(p.Manager, p.ProjectId, p.ItemIds[1], new SetGoldRequest(Label("neg")), Ct);
        var handed = await WorkAsync(p, p.Annotators[0], 10, _ => Label("pos"));
        Assert.Equal(p.ItemIds.Skip(2), handed.Select(i => i.ItemId).Order());
        var progress = await p.Queue.ProgressAsync(p.Annotators[0], p.ProjectId, DateTime.UtcNow.Date, Ct);
        Assert.Equal((0, 4), (progress.Remaining, progress.Items));
        // The manager's dashboard counts the same work: gold items are neither waiting nor done.
        var dashboards = factory.Services.GetRequiredService<QueueDashboardService>();
        var dashboard = await dashboards.GetAsync(p.Manager, p.ProjectId, Ct);
        Assert.Equal((4L, 4L, 0L), (dashboard.ItemsInQueue, dashboard.Completed, dashboard.Remaining));
        Assert.Equal(0, (await dashboards.GetMineAsync(p.Annotators[0], p.ProjectId, Ct)).ProjectRemaining);
        var none = Assert.Single(await p.Gold.AccuracyAsync(p.Manager, p.ProjectId, Ct));
        Assert.Equal((0, (double?)null), (none.Items, none.Accuracy));

        // Taken out of the gold set, an item joins the queue again.
        Assert.True(await p.Gold.RemoveAsync(p.Manager, p.ProjectId, p.ItemIds[0], Ct));
        Assert.False(await p.Gold.RemoveAsync(p.Manager, p.ProjectId, p.ItemIds[0], Ct));
        Assert.Equal(p.ItemIds[0], (await p.Queue.NextAsync(p.Annotators[0], p.ProjectId, null, false, Ct))!.ItemId);
    }

    [Fact]
    public async Task OnlyManagersSetGoldAndTheAnswerMustFitTheSchema()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 2, overlap: 1, annotators: 1);
        await Assert.ThrowsAsync<ForbiddenException>(() => p.Gold.SetAsync(p.Reviewer, p.ProjectId, p.ItemIds[0], new SetGoldRequest(Label("pos")), Ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => p.Gold.ListAsync(p.Annotators[0], p.ProjectId, 0, 10, Ct));
        var bad = await Assert.ThrowsAsync<InputException>(() => p.Gold.SetAsync(p.Manager, p.ProjectId, p.ItemIds[0], new SetGoldRequest(Label("great")), Ct));
        Assert.Contains("Question 'sentiment': 'great' is not one of its labels.", bad.Message);
        var empty = await Assert.ThrowsAsync<InputException>(() => p.Gold.SetAsync(p.Manager, p.ProjectId, p.ItemIds[0], new SetGoldRequest(new Answer(new Dictionary<string, QuestionAnswer>())), Ct));
        Assert.Contains("Answer", empty.Errors.Keys);
        var other = await CreateAsync(factory, items: 1, overlap: 1, annotators: 1);
        await Assert.ThrowsAsync<NotFoundException>(() => p.Gold.SetAsync(p.Manager, p.ProjectId, other.ItemIds[0], new SetGoldRequest(Label("pos")), Ct));

        // A gold answer may cover some questions only; setting it again changes it.
        await p.Gold.SetAsync(p.Manager, p.ProjectId, p.ItemIds[0], new SetGoldRequest(new Answer(new Dictionary<string, QuestionAnswer> { ["quality"] = new(Rating: 2) })), Ct);
        await p.Gold.SetAsync(p.Manager, p.ProjectId, p.ItemIds[0], new SetGoldRequest(Label("neu")), Ct);
        var list = await p.Gold.ListAsync(p.Manager, p.ProjectId, 0, 10, Ct);
        var row = Assert.Single(list.Items);
        Assert.Equal((p.ItemIds[0], "neu", "Review text 1"), (row.ItemId, row.Answer.Questions["sentiment"].Label, row.Text));
        Assert.Equal("neu", (await p.Gold.GetAsync(p.Manager, p.ProjectId, p.ItemIds[0], Ct))!.Questions["sentiment"].Label);
        Assert.Null(await p.Gold.GetAsync(p.Manager, p.ProjectId, p.ItemIds[1], Ct));
    }
}

public sealed class SqliteGoldTests(SqliteWebFactory factory) : GoldTests<SqliteWebFactory>(factory);

public sealed class PostgresGoldTests(PostgresWebFactory factory) : GoldTests<PostgresWebFactory>(factory);
