using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Core.Review;
using Annotate.Data.Entities;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Review;
using Annotate.Web.Infrastructure;
using Annotate.Web.Realtime;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Annotate.Web.Tests.Review.ReviewProject;

namespace Annotate.Web.Tests.Review;

/// <summary>Routing to review, the reviewer's queue and its decisions, on both stores.</summary>
public abstract class ReviewTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThreeAnnotatorsWhoDisagreeSendTheItemToTheReviewerWhoseDecisionBecomesTheFinalLabel()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 1, overlap: 3, annotators: 3);
        var bus = factory.Services.GetRequiredService<ProjectEventBus>();
        var seen = new ConcurrentQueue<ReviewUpdated>();
        using var subscription = bus.Subscribe(p.ProjectId, e =>
        {
            if (e is ReviewUpdated update)
            {
                seen.Enqueue(update);
            }
            return Task.CompletedTask;
        });

        var itemId = await p.AnswerNextAsync(p.Annotators[0], Label("pos"));
        await p.AnswerNextAsync(p.Annotators[1], Label("neg"));
        // Two of k = 3 answers: too early to judge.
        Assert.Empty(await p.TasksAsync());
        Assert.Null(await p.Review.NextAsync(p.Reviewer, p.ProjectId, null, Ct));
        await p.AnswerNextAsync(p.Annotators[2], Label("neu"));

        var task = Assert.Single(await p.TasksAsync());
        Assert.Equal((itemId, ReviewReason.Disagreement, ReviewTaskStatus.Open), (task.ItemId, task.Reason, task.Status));
        Assert.Equal("'sentiment': the 3 answers differ", task.Note);
        await Eventually.ReturnsAsync(() => Task.FromResult(seen.ToArray()), u => u.Any(e => e.Change == ReviewChange.Opened && e.ItemId == itemId), "the opened event");

        var before = await p.AnnotationRowsAsync();
        var item = (await p.Review.NextAsync(p.Reviewer, p.ProjectId, null, Ct))!;
        Assert.Equal(itemId, item.ItemId);
        Assert.Equal([1, 2, 3], item.Annotations.Select(a => a.Number));
        Assert.Equal(["pos", "neg", "neu"], item.Annotations.Select(a => a.Answer.Questions["sentiment"].Label));
        Assert.Equal(p.Annotators.Select(a => a.UserId), item.Annotations.Select(a => a.AnnotatorId));
        Assert.All(item.Annotations, a => Assert.Equal((1, 1), (a.Version, a.Versions)));
        Assert.Contains(item.Agreement, q => q.QuestionKey == "sentiment" && q.Routes);
        // The task is leased: another reviewer's next call does not get it.
        Assert.NotNull(item.LeaseExpiresAt);

        var accepted = item.Annotations[1];
        var decision = await p.Review.ResolveAsync(p.Reviewer, p.ProjectId, item.TaskId, new ResolveRequest(AnnotationId: accepted.AnnotationId), Ct);
        Assert.Equal(ReviewOutcome.Accepted, decision.Outcome);

        var final = await p.FinalLabels.GetAsync(p.Manager, p.ProjectId, itemId, Ct);
        Assert.Equal(FinalLabelSource.Review, final.Source);
        Assert.Equal("neg", final.Answer!.Questions["sentiment"].Label);
        Assert.Equal((decision.DecisionId, p.Reviewer.UserId, accepted.AnnotationId, 3, false), (final.DecisionId, final.ReviewerId, final.AnnotationId, final.Annotators, final.InReview));
        Assert.Equal(before, await p.AnnotationRowsAsync());
        Assert.Equal(ReviewTaskStatus.Resolved, Assert.Single(await p.TasksAsync()).Status);
        Assert.Null(await p.Review.NextAsync(p.Reviewer, p.ProjectId, null, Ct));
        await Eventually.ReturnsAsync(() => Task.FromResult(seen.ToArray()), u => u.Any(e => e.Change == ReviewChange.Resolved && e.ItemId == itemId), "the resolved event");

        // An annotator changing their answer later does not reopen a resolved item; the decision stands.
        await p.Queue.SubmitAsync(p.Annotators[0], p.ProjectId, itemId, new Features.Queue.SubmitRequest(Label("neu")), Ct);
        Assert.Single(await p.TasksAsync());
        Assert.Equal("neg", (await p.FinalLabels.GetAsync(p.Manager, p.ProjectId, itemId, Ct)).Answer!.Questions["sentiment"].Label);

        // Sent by hand and decided again: a second decision row; the latest is the final label, the first is kept.
        var again = await p.Routing.SendAsync(p.Manager, p.ProjectId, itemId, new SendToReviewRequest("Check the guideline on sarcasm"), Ct);
        Assert.True(again.Opened);
        var second = (await p.Review.NextAsync(p.Reviewer, p.ProjectId, null, Ct))!;
        Assert.Equal((ReviewReason.Manual, "Check the guideline on sarcasm"), (second.Reason, second.Note));
        // Numbers stay with their annotators; the first annotator's answer is now version 2 of 2.
        Assert.Equal(p.Annotators.Select(a => a.UserId), second.Annotations.Select(a => a.AnnotatorId));
        Assert.Equal((2, 2, "neu"), (second.Annotations[0].Version, second.Annotations[0].Versions, second.Annotations[0].Answer.Questions["sentiment"].Label));
        var history = Assert.Single(second.History);
        Assert.Equal((ReviewOutcome.Accepted, "neg"), (history.Outcome, history.Answer!.Questions["sentiment"].Label));
        var rewritten = await p.Review.ResolveAsync(p.Reviewer, p.ProjectId, second.TaskId, new ResolveRequest(Answer: Label("neu")), Ct);
        Assert.Equal(ReviewOutcome.NewAnswer, rewritten.Outcome);
        var latest = await p.FinalLabels.GetAsync(p.Manager, p.ProjectId, itemId, Ct);
        Assert.Equal(("neu", rewritten.DecisionId, (long?)null), (latest.Answer!.Questions["sentiment"].Label, latest.DecisionId, latest.AnnotationId));
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        Assert.Equal([ReviewOutcome.Accepted, ReviewOutcome.NewAnswer], await db.ReviewDecisions.Where(d => d.ItemId == itemId).OrderBy(d => d.Id).Select(d => d.Outcome).ToListAsync(Ct));
        // Decisions are history: the data layer refuses to change one.
        var first = await db.ReviewDecisions.FirstAsync(d => d.ItemId == itemId, Ct);
        first.Comment = "rewritten";
        Assert.Contains("append-only", (await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct))).Message);
        db.ChangeTracker.Clear();

        // Annotators read the outcome: the one accepted the first time now differs from the final answer, the one who changed to "neu" agrees.
        var feedback = await p.Review.FeedbackAsync(p.Annotators[0], p.ProjectId, 0, 10, Ct);
        var entry = Assert.Single(feedback);
        Assert.Equal((itemId, ReviewOutcome.NewAnswer, true), (entry.ItemId, entry.Outcome, entry.Agreed));
        Assert.False(Assert.Single(await p.Review.FeedbackAsync(p.Annotators[1], p.ProjectId, 0, 10, Ct)).Agreed);
    }

    [Fact]
    public async Task AgreeingAnswersStandAsConsensusAndGradedQuestionsRouteOnlyBelowTheThreshold()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 3, overlap: 2, annotators: 2, new ReviewSettings(AgreementThreshold: 0.8));
        // Item 1: same label, ratings 4 and 5 (agreement 0.75 < 0.8). Item 2: same label, ratings 4 and 4. Item 3: labels differ.
        var answers = new Dictionary<int, (Answer A, Answer B)>
        {
            [0] = (Label("pos", 4), Label("pos", 5)),
            [1] = (Label("neg", 4), Label("neg", 4)),
            [2] = (Label("pos"), Label("neu")),
        };
        foreach (var annotator in p.Annotators)
        {
            for (var n = 0; n < 3; n++)
            {
                var item = (await p.Queue.NextAsync(annotator, p.ProjectId, null, false, Ct))!;
                var index = p.ItemIds.ToList().IndexOf(item.ItemId);
                await p.Queue.SubmitAsync(annotator, p.ProjectId, item.ItemId,
                    new Features.Queue.SubmitRequest(annotator == p.Annotators[0] ? answers[index].A : answers[index].B), Ct);
            }
        }
        var tasks = await p.TasksAsync();
        Assert.Equal([(p.ItemIds[0], ReviewReason.LowAgreement), (p.ItemIds[2], ReviewReason.Disagreement)],
            tasks.OrderBy(t => t.ItemId).Select(t => (t.ItemId, t.Reason)));
        Assert.Equal("'quality': agreement 0.75 over 2 answers", tasks.Single(t => t.ItemId == p.ItemIds[0]).Note);

        var labels = await p.FinalLabels.PageAsync(p.Reviewer, p.ProjectId, 0, 10, new FinalLabelOptions(IncludeUnlabeled: true), Ct);
        Assert.Null(labels.NextAfterItemId);
        Assert.Equal([FinalLabelSource.Consensus, FinalLabelSource.Consensus, FinalLabelSource.Unresolved], labels.Labels.Select(l => l.Source));
        Assert.Equal([true, false, true], labels.Labels.Select(l => l.InReview));
        // Ratings 4 and 5: the lower middle value.
        Assert.Equal(4, labels.Labels[0].Answer!.Questions["quality"].Rating);
        Assert.Null(labels.Labels[2].Answer);
        var labeledOnly = await p.FinalLabels.PageAsync(p.Reviewer, p.ProjectId, 0, 10, null, Ct);
        Assert.Equal(p.ItemIds.Take(2), labeledOnly.Labels.Select(l => l.ItemId));
    }

    [Fact]
    public async Task OnlyReviewersWorkTheQueueAndOtherProjectsSeeNothing()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 1, overlap: 2, annotators: 2);
        var itemId = await p.AnswerNextAsync(p.Annotators[0], Label("pos"));
        await p.AnswerNextAsync(p.Annotators[1], Label("neg"));
        var taskId = Assert.Single(await p.TasksAsync()).Id;

        await Assert.ThrowsAsync<ForbiddenException>(() => p.Review.NextAsync(p.Annotators[0], p.ProjectId, null, Ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => p.Review.ResolveAsync(p.Manager, p.ProjectId, taskId, new ResolveRequest(Answer: Label("pos")), Ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => p.Routing.SendAsync(p.Annotators[0], p.ProjectId, itemId, new SendToReviewRequest(), Ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => p.FinalLabels.PageAsync(p.Annotators[0], p.ProjectId, 0, 10, null, Ct));

        var annotatorUser = await p.UserAsync(p.Annotators[0]);
        using var annotator = await factory.SignInAsync(annotatorUser);
        Assert.Equal(HttpStatusCode.Forbidden, (await annotator.PostAsJsonAsync($"/api/projects/{p.ProjectId}/review/next", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await annotator.PostAsJsonAsync($"/api/projects/{p.ProjectId}/review/tasks/{taskId}/resolve", new { answer = Label("pos") }, AnnotateJson.Options, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await annotator.GetAsync($"/api/projects/{p.ProjectId}/review/tasks", Ct)).StatusCode);

        // A reviewer of another project: the project does not exist for them, and nothing of it reaches them.
        var other = await CreateAsync(factory, items: 1, overlap: 1, annotators: 1);
        var outsiderUser = await p.UserAsync(other.Reviewer);
        using var outsider = await factory.SignInAsync(outsiderUser);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/projects/{p.ProjectId}/review/next", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/projects/{p.ProjectId}/review/tasks/{taskId}/take", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/projects/{p.ProjectId}/final-labels", Ct)).StatusCode);
        await Assert.ThrowsAsync<NotFoundException>(() => p.Review.TakeAsync(other.Reviewer, p.ProjectId, taskId, Ct));
        // Its own project's queue is empty: the task of the other project is not handed to it through it either.
        Assert.Null(await other.Review.NextAsync(other.Reviewer, other.ProjectId, null, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => other.Review.TakeAsync(other.Reviewer, other.ProjectId, taskId, Ct));

        // The reviewer over HTTP: next (with the answers), resolve, then nothing is left.
        var reviewerUser = await p.UserAsync(p.Reviewer);
        using var reviewer = await factory.SignInAsync(reviewerUser);
        var next = await reviewer.PostAsJsonAsync($"/api/projects/{p.ProjectId}/review/next", new { }, Ct);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var shown = (await next.Content.ReadFromJsonAsync<ReviewItem>(AnnotateJson.Options, Ct))!;
        Assert.Equal(2, shown.Annotations.Count);
        var resolved = await reviewer.PostAsJsonAsync($"/api/projects/{p.ProjectId}/review/tasks/{taskId}/resolve", new ResolveRequest(shown.Annotations[0].AnnotationId), AnnotateJson.Options, Ct);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await reviewer.PostAsJsonAsync($"/api/projects/{p.ProjectId}/review/next", new { }, Ct)).StatusCode);
        var conflict = await reviewer.PostAsJsonAsync($"/api/projects/{p.ProjectId}/review/tasks/{taskId}/resolve", new ResolveRequest(shown.Annotations[1].AnnotationId), AnnotateJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
    }

    [Fact]
    public async Task AFlagSendsTheItemToReviewWithTheAnnotatorsReason()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 3, overlap: 2, annotators: 2);
        var item = (await p.Queue.NextAsync(p.Annotators[0], p.ProjectId, null, false, Ct))!;
        var flagged = await p.Routing.FlagAsync(p.Annotators[0], p.ProjectId, item.ItemId, new FlagRequest("  The text is cut off  "), Ct);
        Assert.Equal((ReviewReason.Flagged, true), (flagged.Reason, flagged.Opened));
        // A second flag joins the open task.
        var second = await p.Routing.FlagAsync(p.Annotators[0], p.ProjectId, item.ItemId, new FlagRequest(), Ct);
        Assert.Equal((flagged.TaskId, false), (second.TaskId, second.Opened));
        // Only items handed to the annotator can be flagged; the reason has a limit.
        var notGiven = p.ItemIds.First(id => id != item.ItemId);
        await Assert.ThrowsAsync<NotFoundException>(() => p.Routing.FlagAsync(p.Annotators[1], p.ProjectId, notGiven, new FlagRequest("?"), Ct));
        var tooLong = await Assert.ThrowsAsync<InputException>(() => p.Routing.FlagAsync(p.Annotators[0], p.ProjectId, item.ItemId, new FlagRequest(new string('x', 501)), Ct));
        Assert.Contains("Reason", tooLong.Errors.Keys);
        await Assert.ThrowsAsync<ForbiddenException>(() => p.Routing.FlagAsync(p.Reviewer, p.ProjectId, item.ItemId, new FlagRequest(), Ct));

        var review = (await p.Review.NextAsync(p.Reviewer, p.ProjectId, null, Ct))!;
        Assert.Equal((item.ItemId, ReviewReason.Flagged, "The text is cut off"), (review.ItemId, review.Reason, review.Note));
        Assert.Equal(["The text is cut off", null], review.Flags.Select(f => f.Reason));
        Assert.Empty(review.Annotations);

        // The flagged item was never answered: the reviewer answers it, and sending it back needs a comment.
        var missing = await Assert.ThrowsAsync<InputException>(() => p.Review.ResolveAsync(p.Reviewer, p.ProjectId, review.TaskId, new ResolveRequest(Answer: Label("maybe")), Ct));
        Assert.Contains("Question 'sentiment': 'maybe' is not one of its labels.", missing.Message);
        var empty = await Assert.ThrowsAsync<InputException>(() => p.Review.SendBackAsync(p.Reviewer, p.ProjectId, review.TaskId, new SendBackRequest("  "), Ct));
        Assert.Contains("Comment", empty.Errors.Keys);
        await Assert.ThrowsAsync<InputException>(() => p.Review.ResolveAsync(p.Reviewer, p.ProjectId, review.TaskId, new ResolveRequest(), Ct));
        await p.Review.ResolveAsync(p.Reviewer, p.ProjectId, review.TaskId, new ResolveRequest(Answer: Label("neu")), Ct);
        Assert.Equal(FinalLabelSource.Review, (await p.FinalLabels.GetAsync(p.Reviewer, p.ProjectId, item.ItemId, Ct)).Source);

        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        Assert.Equal(2, await db.ItemFlags.CountAsync(f => f.ItemId == item.ItemId, Ct));
        var flag = await db.ItemFlags.FirstAsync(f => f.ItemId == item.ItemId, Ct);
        flag.Reason = "rewritten";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
    }

    [Fact]
    public async Task SentBackItemsCarryTheCommentToTheAnnotatorsAndComeBackIfTheyStillDisagree()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 1, overlap: 2, annotators: 2);
        var itemId = await p.AnswerNextAsync(p.Annotators[0], Label("pos"));
        await p.AnswerNextAsync(p.Annotators[1], Label("neg"));
        var task = (await p.Review.NextAsync(p.Reviewer, p.ProjectId, null, Ct))!;
        await p.Review.SendBackAsync(p.Reviewer, p.ProjectId, task.TaskId, new SendBackRequest("Irony counts as negative, see §2."), Ct);
        Assert.Equal(ReviewTaskStatus.SentBack, Assert.Single(await p.TasksAsync()).Status);
        var feedback = Assert.Single(await p.Review.FeedbackAsync(p.Annotators[0], p.ProjectId, 0, 10, Ct));
        Assert.Equal((ReviewOutcome.SentBack, "Irony counts as negative, see §2.", (bool?)null), (feedback.Outcome, feedback.Comment, feedback.Agreed));
        Assert.Equal(FinalLabelSource.Unresolved, (await p.FinalLabels.GetAsync(p.Manager, p.ProjectId, itemId, Ct)).Source);

        // One changes to another label that still disagrees: back in review. Then both agree: consensus.
        await p.Queue.SubmitAsync(p.Annotators[0], p.ProjectId, itemId, new Features.Queue.SubmitRequest(Label("neu")), Ct);
        var reopened = (await p.TasksAsync()).Last();
        Assert.Equal((ReviewTaskStatus.Open, ReviewReason.Disagreement), (reopened.Status, reopened.Reason));
        var resolved = (await p.Review.NextAsync(p.Reviewer, p.ProjectId, null, Ct))!;
        Assert.Equal(2, resolved.Annotations[0].Version);
        Assert.Equal("Irony counts as negative, see §2.", Assert.Single(resolved.History).Comment);
    }

    [Fact]
    public async Task ManagersSendAnyItemToReviewButNotAnotherProjectsItem()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 2, overlap: 1, annotators: 1);
        var sent = await p.Routing.SendAsync(p.Manager, p.ProjectId, p.ItemIds[1], new SendToReviewRequest(), Ct);
        Assert.Equal((ReviewReason.Manual, true), (sent.Reason, sent.Opened));
        Assert.False((await p.Routing.SendAsync(p.Reviewer, p.ProjectId, p.ItemIds[1], new SendToReviewRequest("again"), Ct)).Opened);
        var other = await CreateAsync(factory, items: 1, overlap: 1, annotators: 1);
        await Assert.ThrowsAsync<NotFoundException>(() => p.Routing.SendAsync(p.Manager, p.ProjectId, other.ItemIds[0], new SendToReviewRequest(), Ct));
        var tooLong = await Assert.ThrowsAsync<InputException>(() => p.Routing.SendAsync(p.Manager, p.ProjectId, p.ItemIds[0], new SendToReviewRequest(new string('n', 1001)), Ct));
        Assert.Contains("Note", tooLong.Errors.Keys);
        Assert.Single(await p.TasksAsync());

        var summary = await p.Review.SummaryAsync(p.Manager, p.ProjectId, Ct);
        Assert.Equal((1, 0, 1), (summary.Open, summary.Leased, summary.OpenByReason[ReviewReason.Manual]));
        var list = await p.Review.ListAsync(p.Reviewer, p.ProjectId, ReviewTaskStatus.Open, 0, 10, Ct);
        Assert.Equal((1, p.ItemIds[1], "Review text 2"), (list.TotalItems, list.Items[0].ItemId, list.Items[0].Text));

        // Letting go of a task frees it for the next reviewer.
        var taken = await p.Review.TakeAsync(p.Reviewer, p.ProjectId, sent.TaskId, Ct);
        Assert.Equal(1, (await p.Review.SummaryAsync(p.Manager, p.ProjectId, Ct)).Leased);
        await p.Review.ReleaseAsync(p.Reviewer, p.ProjectId, taken.TaskId, Ct);
        Assert.Equal(0, (await p.Review.SummaryAsync(p.Manager, p.ProjectId, Ct)).Leased);
    }

    [Fact]
    public async Task TwoReviewersNeverHoldTheSameTask()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 3, overlap: 1, annotators: 1);
        foreach (var id in p.ItemIds)
        {
            await p.Routing.SendAsync(p.Manager, p.ProjectId, id, new SendToReviewRequest(), Ct);
        }
        var second = await factory.CreateUserAsync();
        var admin = AnnotateWebFactory.CallerOf(await factory.CreateUserAsync(admin: true), admin: true);
        await factory.Services.GetRequiredService<ProjectService>().SetMemberAsync(admin, p.ProjectId, new SetMemberRequest(second.Email!, ProjectRoles.Reviewer), Ct);
        var other = AnnotateWebFactory.CallerOf(second);

        var results = await Task.WhenAll(
            Task.Run(() => p.Review.NextAsync(p.Reviewer, p.ProjectId, null, Ct), Ct),
            Task.Run(() => p.Review.NextAsync(other, p.ProjectId, null, Ct), Ct));
        Assert.NotEqual(results[0]!.TaskId, results[1]!.TaskId);
        // Asking again returns the task held; holding it on screen asks for a further one.
        Assert.Equal(results[0]!.TaskId, (await p.Review.NextAsync(p.Reviewer, p.ProjectId, null, Ct))!.TaskId);
        var third = (await p.Review.NextAsync(p.Reviewer, p.ProjectId, [results[0]!.TaskId], Ct))!;
        Assert.DoesNotContain(third.TaskId, results.Select(r => r!.TaskId));
        Assert.Null(await p.Review.NextAsync(other, p.ProjectId, [results[1]!.TaskId], Ct));
        await Assert.ThrowsAsync<ConflictException>(() => p.Review.ResolveAsync(other, p.ProjectId, results[0]!.TaskId, new ResolveRequest(Answer: Label("pos")), Ct));
        await Assert.ThrowsAsync<ConflictException>(() => p.Review.TakeAsync(other, p.ProjectId, results[0]!.TaskId, Ct));
    }

    [Fact]
    public async Task WeakLabelsAcceptedBelowTheReviewThresholdGoToReview()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 5, overlap: 1, annotators: 1);
        // Item 1 was answered by a person before the model was fitted (auto-accepted items are not handed out after).
        Assert.Equal(p.ItemIds[0], await p.AnswerNextAsync(p.Annotators[0], Label("neg")));
        int runId;
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            await db.Projects.Where(x => x.Id == p.ProjectId).ExecuteUpdateAsync(u => u.SetProperty(x => x.WeakSupervisionJson,
                new Features.WeakSupervision.WeakSupervisionSettings(AutoAcceptThreshold: 0.7, ReviewBelow: 0.9).ToJson()), Ct);
            var run = new WeakLabelRun { ProjectId = p.ProjectId, QuestionKey = "sentiment", Model = "majority", FunctionVersionsJson = "[]", ParametersJson = "{}", CreatedAt = DateTime.UtcNow, AcceptThreshold = 0.7 };
            db.WeakLabelRuns.Add(run);
            await db.SaveChangesAsync(Ct);
            runId = run.Id;
            // Item 1 is answered by a person below (their answer decides it); item 2 is accepted below 0.9; item 3 is not
            // accepted at all; item 4 is accepted above the review threshold. No function voted on item 5: its label is
            // the class prior's guess, which is never accepted, whatever its confidence.
            double[] confidences = [0.8, 0.8, 0.6, 0.95, 0.8];
            for (var i = 0; i < 5; i++)
            {
                db.WeakLabels.Add(new WeakLabel { RunId = runId, ItemId = p.ItemIds[i], ProjectId = p.ProjectId, Label = "pos", Confidence = confidences[i], ProbabilitiesJson = "[]", AnyVote = i < 4 });
            }
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(1, await p.Routing.RouteWeakLabelsAsync(p.ProjectId, runId, Ct));
        var task = Assert.Single(await p.TasksAsync());
        Assert.Equal((p.ItemIds[1], ReviewReason.WeakBelowThreshold), (task.ItemId, task.Reason));
        Assert.Equal("Weak label on 'sentiment' accepted at confidence 0.80, below 0.90", task.Note);
        // Routing the same run again sends nothing twice.
        Assert.Equal(0, await p.Routing.RouteWeakLabelsAsync(p.ProjectId, runId, Ct));

        var labels = (await p.FinalLabels.PageAsync(p.Manager, p.ProjectId, 0, 10, new FinalLabelOptions(IncludeUnlabeled: true), Ct)).Labels;
        Assert.Equal([FinalLabelSource.Single, FinalLabelSource.Weak, FinalLabelSource.None, FinalLabelSource.Weak, FinalLabelSource.None], labels.Select(l => l.Source));
        Assert.Equal(("pos", 0.8, true), (labels[1].Answer!.Questions["sentiment"].Label, labels[1].WeakConfidence, labels[1].InReview));
        Assert.Equal([runId], labels[3].WeakRunIds);
        var review = (await p.Review.NextAsync(p.Reviewer, p.ProjectId, null, Ct))!;
        var weak = Assert.Single(review.Weak);
        Assert.Equal(("sentiment", "pos", 0.8, true), (weak.QuestionKey, weak.Label, weak.Confidence, weak.Accepted));
    }

    [Fact]
    public async Task FinalLabelsPageInItemOrderAndStreamEveryItem()
    {
        factory.SkipWhenUnavailable();
        var p = await CreateAsync(factory, items: 5, overlap: 1, annotators: 1);
        for (var i = 0; i < 3; i++)
        {
            await p.AnswerNextAsync(p.Annotators[0], Label(i % 2 == 0 ? "pos" : "neg"));
        }
        await p.Gold.SetAsync(p.Manager, p.ProjectId, p.ItemIds[4], new SetGoldRequest(Label("neu")), Ct);

        var first = await p.FinalLabels.PageAsync(p.Manager, p.ProjectId, 0, 2, null, Ct);
        Assert.Equal(p.ItemIds.Take(2), first.Labels.Select(l => l.ItemId));
        Assert.Equal(p.ItemIds[1], first.NextAfterItemId);
        var rest = await p.FinalLabels.PageAsync(p.Manager, p.ProjectId, first.NextAfterItemId!.Value, 2, null, Ct);
        // Item 4 has no label: the page read it but lists only item 3.
        Assert.Equal([p.ItemIds[2]], rest.Labels.Select(l => l.ItemId));
        var last = await p.FinalLabels.PageAsync(p.Manager, p.ProjectId, rest.NextAfterItemId!.Value, 2, null, Ct);
        Assert.Equal((FinalLabelSource.Gold, "neu"), (last.Labels.Single().Source, last.Labels.Single().Answer!.Questions["sentiment"].Label));
        Assert.Null(last.NextAfterItemId);

        var streamed = new List<FinalLabel>();
        await foreach (var label in p.FinalLabels.StreamAsync(p.Reviewer, p.ProjectId, new FinalLabelOptions(IncludeUnlabeled: true), Ct))
        {
            streamed.Add(label);
        }
        Assert.Equal(p.ItemIds, streamed.Select(l => l.ItemId));
        Assert.Equal([FinalLabelSource.Single, FinalLabelSource.Single, FinalLabelSource.Single, FinalLabelSource.None, FinalLabelSource.Gold], streamed.Select(l => l.Source));
        await Assert.ThrowsAsync<ForbiddenException>(async () =>
        {
            await foreach (var _ in p.FinalLabels.StreamAsync(p.Annotators[0], p.ProjectId, null, Ct))
            {
            }
        });
    }
}

public sealed class SqliteReviewTests(SqliteWebFactory factory) : ReviewTests<SqliteWebFactory>(factory);

public sealed class PostgresReviewTests(PostgresWebFactory factory) : ReviewTests<PostgresWebFactory>(factory);
