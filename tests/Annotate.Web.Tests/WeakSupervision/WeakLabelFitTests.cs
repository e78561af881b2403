using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Annotate.Core.Jobs;
using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Core.WeakSupervision;
using Annotate.Core.WeakSupervision.Functions;
using Annotate.Data.Entities;
using Annotate.Web.Features.Jobs;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.WeakSupervision;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.WeakSupervision;

/// <summary>
/// The label model in the app: the fit job that follows every apply, its runs and weak labels, the settings it reads,
/// the LF analysis table's figures, and who may do what.
/// </summary>
public abstract class WeakLabelFitTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AnnotateWebFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly LabelSchema Schema = new([new QuestionDefinition("kind", "Spam?", QuestionKind.Single, [new("ham", "Ham"), new("spam", "Spam")])]);

    private async Task<(int ProjectId, HttpClient Manager, AppUser Annotator, AppUser Admin)> ProjectAsync(IEnumerable<Item> items)
    {
        var admin = await factory.CreateUserAsync(admin: true);
        var adminCaller = AnnotateWebFactory.CallerOf(admin, admin: true);
        var projects = factory.Services.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(adminCaller, new CreateProjectRequest($"Fit {Guid.NewGuid():N}", null), Ct);
        await factory.Services.GetRequiredService<SchemaService>().SaveAsync(adminCaller, project.Id, Schema, Ct);
        await ItemSeeder.SeedAsync(factory, project.Id, items);
        var annotator = await factory.CreateUserAsync();
        await projects.SetMemberAsync(adminCaller, project.Id, new SetMemberRequest(annotator.Email!, ProjectRoles.Annotator), Ct);
        return (project.Id, await factory.SignInAsync(admin), annotator, admin);
    }

    private static IEnumerable<Item> Items(params string[] texts) => texts.Select((t, i) => new Item { Text = t, ContentHash = $"h{i}" });

    /// <summary>Deterministic comments mixing spammy and friendly words, so that the functions overlap and conflict.</summary>
    private static List<Item> GeneratedItems(int count)
    {
        string[] words = ["subscribe", "free", "love", "song", "http://x.example", "great", "win", "video", "channel", "nice", "prize", "thanks"];
        var random = new Random(7);
        return [.. Enumerable.Range(0, count).Select(i => new Item
        {
            Text = string.Join(' ', Enumerable.Range(0, random.Next(1, 5)).Select(_ => words[random.Next(words.Length)])),
            ContentHash = $"g{i}",
        })];
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, AnnotateJson.Options)!;
    }

    private static async Task<LfDto> CreateAsync(HttpClient client, int projectId, LfRequest request) =>
        await ReadAsync<LfDto>(await client.PostAsJsonAsync($"/api/projects/{projectId}/labeling-functions", request, AnnotateJson.Options, Ct));

    private static Task<JobDto> WaitAsync(HttpClient client, int projectId, long jobId) => Eventually.ReturnsAsync(
        async () => (await client.GetFromJsonAsync<JobDto>($"/api/projects/{projectId}/jobs/{jobId}", AnnotateJson.Options, Ct))!,
        j => j.IsFinal, $"job {jobId} to finish", TimeSpan.FromSeconds(90));

    private static async Task<JobDto> PostJobAsync(HttpClient client, string url, int projectId)
    {
        using var response = await client.PostAsync(url, null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await WaitAsync(client, projectId, (await response.Content.ReadFromJsonAsync<JobDto>(AnnotateJson.Options, Ct))!.Id);
    }

    /// <summary>Applies the functions and waits for the fit the apply queues after itself.</summary>
    private static async Task<(JobDto Apply, JobDto Fit)> ApplyAndFitAsync(HttpClient client, int projectId)
    {
        var apply = await PostJobAsync(client, $"/api/projects/{projectId}/labeling-functions/apply", projectId);
        Assert.Equal(JobStatus.Succeeded, apply.Status);
        var fit = await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<List<JobDto>>($"/api/projects/{projectId}/jobs", AnnotateJson.Options, Ct))!
                .FirstOrDefault(j => j.Kind == FitLabelModelJob.JobKind && j.Id > apply.Id),
            j => j is { IsFinal: true }, "the fit queued by the apply", TimeSpan.FromSeconds(90));
        return (apply, fit!);
    }

    /// <summary>The stored votes as a matrix built here, independently of the app: items in id order, functions in id order.</summary>
    private async Task<LabelMatrix> MatrixFromStoreAsync(int projectId, long[] itemIds, int[] versionIds)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var votes = await db.LfVotes.Where(v => v.ProjectId == projectId).ToListAsync(Ct);
        var builder = new LabelMatrixBuilder(versionIds.Length, 2);
        builder.EnsureItemCount(itemIds.Length);
        foreach (var v in votes)
        {
            var row = Array.IndexOf(itemIds, v.ItemId);
            if (row >= 0)
            {
                builder.Add(row, Array.IndexOf(versionIds, v.FunctionVersionId), v.Label == "ham" ? 0 : 1);
            }
        }
        return builder.Build();
    }

    private async Task<(WeakLabelRun Run, Dictionary<long, WeakLabel> Labels, int? ProjectRunId)> CurrentRunAsync(int projectId)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var run = await db.WeakLabelRuns.Where(r => r.ProjectId == projectId && r.QuestionKey == "kind").OrderByDescending(r => r.Id).FirstAsync(Ct);
        var labels = await db.WeakLabels.Where(w => w.RunId == run.Id).ToDictionaryAsync(w => w.ItemId, Ct);
        var pointer = await db.Projects.Where(p => p.Id == projectId).Select(p => p.WeakLabelRunId).SingleAsync(Ct);
        return (run, labels, pointer);
    }

    private static void AssertMatches(LabelPredictions expected, long[] itemIds, Dictionary<long, WeakLabel> stored)
    {
        Assert.Equal(itemIds.Order(), stored.Keys.Order());
        string[] classes = ["ham", "spam"];
        for (var i = 0; i < itemIds.Length; i++)
        {
            var w = stored[itemIds[i]];
            var p = expected.ProbabilitiesOf(i);
            Assert.Equal(expected.Labels[i] < 0 ? null : classes[expected.Labels[i]], w.Label);
            Assert.Equal(expected.Confidences[i], w.Confidence, 1e-12);
            Assert.Equal(expected.HasVotes[i], w.AnyVote);
            Assert.Equal(-(p[0] > 0 ? p[0] * Math.Log(p[0]) : 0) - (p[1] > 0 ? p[1] * Math.Log(p[1]) : 0), w.Entropy, 1e-12);
            var storedProbabilities = JsonSerializer.Deserialize<double[]>(w.ProbabilitiesJson)!;
            Assert.Equal(2, storedProbabilities.Length);
            Assert.Equal(p[0], storedProbabilities[0], 1e-6);
            Assert.Equal(p[1], storedProbabilities[1], 1e-6);
        }
    }

    [Fact]
    public async Task ApplyingQueuesAFitWhoseWeakLabelsMatchTheLabelModelOnTheSameVotes()
    {
        factory.SkipWhenUnavailable();
        var items = GeneratedItems(400);
        items.Add(new Item { Text = "subscribe free prize", ContentHash = "filtered", Status = ItemStatus.Filtered });
        var (projectId, manager, _, _) = await ProjectAsync(items);
        var functions = new List<LfDto>
        {
            await CreateAsync(manager, projectId, new LfRequest("subscribe", "kind", new KeywordRule(["subscribe", "channel"]), "spam")),
            await CreateAsync(manager, projectId, new LfRequest("prizes", "kind", new KeywordRule(["free", "win", "prize"]), "spam")),
            await CreateAsync(manager, projectId, new LfRequest("link", "kind", new RegexRule(@"https?://\S+"), "spam")),
            await CreateAsync(manager, projectId, new LfRequest("love", "kind", new KeywordRule(["love", "thanks"]), "ham")),
            await CreateAsync(manager, projectId, new LfRequest("praise", "kind", new KeywordRule(["great", "nice", "song"]), "ham")),
        };
        var settings = new WeakSupervisionSettings(LabelModelKind.DawidSkene, Seed: 11, AutoAcceptThreshold: 0.95);
        await ReadAsync<WeakSupervisionSettings>(await manager.PutAsJsonAsync($"/api/projects/{projectId}/weak-supervision/settings", settings, AnnotateJson.Options, Ct));

        var (_, fit) = await ApplyAndFitAsync(manager, projectId);
        Assert.Equal(JobStatus.Succeeded, fit.Status);
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var usable = await db.Items.Where(i => i.ProjectId == projectId && i.Status == ItemStatus.Active).OrderBy(i => i.Id).Select(i => i.Id).ToArrayAsync(Ct);
        Assert.Equal(400, usable.Length);
        var versionIds = functions.Select(f => f.VersionId).ToArray();
        var matrix = await MatrixFromStoreAsync(projectId, usable, versionIds);
        var model = LabelModels.Fit(LabelModelKind.DawidSkene, matrix, 11, TieBreak.ClassPrior);

        var (run, labels, pointer) = await CurrentRunAsync(projectId);
        Assert.Equal(run.Id, pointer);
        Assert.Equal(("dawid-skene", 11, 400, matrix.CoveredCount(), fit.Id, 0.95), (run.Model, run.Seed, run.Items, run.Covered, run.JobId, run.AcceptThreshold));
        Assert.Equal(versionIds, JsonSerializer.Deserialize<int[]>(run.FunctionVersionsJson)!);
        var parameters = WeakLabelRunParameters.Parse(run.ParametersJson);
        Assert.Equal(["ham", "spam"], parameters.Classes);
        Assert.Equal(versionIds, parameters.FunctionVersions);
        Assert.Equal(model.LfAccuracies, parameters.LfAccuracies);
        Assert.Equal(model.ClassPrior, parameters.ClassPrior);
        AssertMatches(model.Predict(matrix), usable, labels);
        Assert.Contains(labels.Values, w => !w.AnyVote);

        // Majority vote that abstains on ties, fitted on demand: a new current run; the old run's weak labels are gone.
        await ReadAsync<WeakSupervisionSettings>(await manager.PutAsJsonAsync($"/api/projects/{projectId}/weak-supervision/settings",
            settings with { Model = LabelModelKind.MajorityVote, TieBreak = TieBreak.Abstain }, AnnotateJson.Options, Ct));
        var second = await PostJobAsync(manager, $"/api/projects/{projectId}/weak-supervision/fit", projectId);
        Assert.Equal(JobStatus.Succeeded, second.Status);
        var (majorityRun, majorityLabels, newPointer) = await CurrentRunAsync(projectId);
        Assert.True(majorityRun.Id > run.Id);
        Assert.Equal((majorityRun.Id, "majority"), (newPointer!.Value, majorityRun.Model));
        var majority = LabelModels.Fit(LabelModelKind.MajorityVote, matrix, 11, TieBreak.Abstain).Predict(matrix);
        AssertMatches(majority, usable, majorityLabels);
        Assert.Contains(majorityLabels.Values, w => w.AnyVote && w.Label is null);
        Assert.All(majorityLabels.Values.Where(w => !w.AnyVote), w => Assert.Null(w.Label));
        Assert.False(await db.WeakLabels.AnyAsync(w => w.RunId == run.Id, Ct));
        Assert.True(await db.WeakLabelRuns.AnyAsync(r => r.Id == run.Id, Ct));
    }

    [Fact]
    public async Task AFunctionStoppedByARegexTimeoutIsLeftOutOfTheFitAndTheOthersAreFitted()
    {
        factory.SkipWhenUnavailable();
        var (projectId, manager, _, _) = await ProjectAsync(Items("subscribe now", "visit http://spam.example", "I love it", new string('a', 5000) + "!"));
        await CreateAsync(manager, projectId, new LfRequest("evil", "kind", new RegexRule("(a+)+$"), "spam"));
        var link = await CreateAsync(manager, projectId, new LfRequest("link", "kind", new RegexRule(@"https?://\S+"), "spam"));
        var love = await CreateAsync(manager, projectId, new LfRequest("love", "kind", new KeywordRule(["love"]), "ham"));
        await ReadAsync<WeakSupervisionSettings>(await manager.PutAsJsonAsync($"/api/projects/{projectId}/weak-supervision/settings",
            new WeakSupervisionSettings(LabelModelKind.MajorityVote), AnnotateJson.Options, Ct));

        var (apply, fit) = await ApplyAndFitAsync(manager, projectId);
        long lastItem;
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            lastItem = await db.Items.Where(i => i.ProjectId == projectId).MaxAsync(i => i.Id, Ct);
        }
        Assert.Contains("stopped (regular expression too slow): evil", apply.Message);
        Assert.Equal(JobStatus.Succeeded, fit.Status);
        Assert.Contains($"left out: evil (stopped: The regular expression ran out of time on item {lastItem}", fit.Message);
        var (run, labels, _) = await CurrentRunAsync(projectId);
        Assert.Equal([link.VersionId, love.VersionId], JsonSerializer.Deserialize<int[]>(run.FunctionVersionsJson)!);
        Assert.Equal((4, 2), (run.Items, run.Covered));
        Assert.Equal(["spam", "ham"], labels.Values.Where(w => w.AnyVote).OrderBy(w => w.ItemId).Select(w => w.Label));
    }

    [Fact]
    public async Task WithTwoFunctionsTheSnorkelStyleModelGivesWayToMajorityVoteAndSaysSo()
    {
        factory.SkipWhenUnavailable();
        var (projectId, manager, _, _) = await ProjectAsync(Items("subscribe now", "I love it", "subscribe, love", "hello"));
        await CreateAsync(manager, projectId, new LfRequest("subscribe", "kind", new KeywordRule(["subscribe"]), "spam"));
        await CreateAsync(manager, projectId, new LfRequest("love", "kind", new KeywordRule(["love"]), "ham"));
        Assert.Equal(LabelModelKind.MatrixCompletion, (await ReadAsync<WeakSupervisionSettings>(await manager.GetAsync($"/api/projects/{projectId}/weak-supervision/settings", Ct))).Model);

        var (_, fit) = await ApplyAndFitAsync(manager, projectId);
        Assert.Equal(JobStatus.Succeeded, fit.Status);
        Assert.Contains("snorkel could not be fitted on 'kind' (The matrix-completion model needs at least 3 LFs; this matrix has 2), so majority vote was used", fit.Message);
        var (run, labels, _) = await CurrentRunAsync(projectId);
        Assert.Equal("majority", run.Model);
        Assert.Equal(["spam", "ham", "ham", "ham"], labels.Values.OrderBy(w => w.ItemId).Select(w => w.Label));
    }

    [Fact]
    public async Task AFitSendsItemsAcceptedBelowTheReviewThresholdToReview()
    {
        factory.SkipWhenUnavailable();
        // Ten items both spam functions vote for (confidence 1), one where the ham function disagrees (2/3), one tie (1/2),
        // and one nobody votes on: majority vote gives it the prior, spam at 12/13, without any evidence.
        var texts = Enumerable.Range(0, 10).Select(i => $"win a prize {i}").Concat(["win a prize and love it", "win or love", "hello there"]).ToArray();
        var (projectId, manager, _, _) = await ProjectAsync(Items(texts));
        await CreateAsync(manager, projectId, new LfRequest("win", "kind", new KeywordRule(["win"]), "spam"));
        await CreateAsync(manager, projectId, new LfRequest("prize", "kind", new KeywordRule(["prize"]), "spam"));
        await CreateAsync(manager, projectId, new LfRequest("love", "kind", new KeywordRule(["love"]), "ham"));
        await ReadAsync<WeakSupervisionSettings>(await manager.PutAsJsonAsync($"/api/projects/{projectId}/weak-supervision/settings",
            new WeakSupervisionSettings(LabelModelKind.MajorityVote, AutoAcceptThreshold: 0.6, ReviewBelow: 0.95), AnnotateJson.Options, Ct));

        var (_, fit) = await ApplyAndFitAsync(manager, projectId);

        Assert.Equal(JobStatus.Succeeded, fit.Status);
        Assert.Contains("1 accepted below the review threshold sent to review", fit.Message);
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var ids = await db.Items.Where(i => i.ProjectId == projectId).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(Ct);
        var (twoToOne, tie, unvoted) = (ids[10], ids[11], ids[12]);
        var (run, labels, _) = await CurrentRunAsync(projectId);
        Assert.Equal(("spam", 12 / 13.0, false), (labels[unvoted].Label, labels[unvoted].Confidence, labels[unvoted].AnyVote));
        var task = Assert.Single(await db.ReviewTasks.Where(t => t.ProjectId == projectId).ToListAsync(Ct));
        Assert.Equal((twoToOne, Annotate.Core.Review.ReviewReason.WeakBelowThreshold, ReviewTaskStatus.Open), (task.ItemId, task.Reason, task.Status));

        var final = (await factory.Services.GetRequiredService<Annotate.Web.Features.Review.FinalLabelService>()
            .PageForJobAsync(projectId, 0, 100, new(IncludeUnlabeled: true), Ct)).Labels.ToDictionary(l => l.ItemId);
        Assert.All(ids.Take(10), id => Assert.Equal((Annotate.Web.Features.Review.FinalLabelSource.Weak, false), (final[id].Source, final[id].InReview)));
        Assert.Equal((Annotate.Web.Features.Review.FinalLabelSource.Weak, true, run.Id), (final[twoToOne].Source, final[twoToOne].InReview, Assert.Single(final[twoToOne].WeakRunIds!)));
        // Below the accept threshold, and without any vote: neither is a label.
        Assert.Equal(Annotate.Web.Features.Review.FinalLabelSource.None, final[tie].Source);
        Assert.Equal(Annotate.Web.Features.Review.FinalLabelSource.None, final[unvoted].Source);
    }

    [Fact]
    public async Task TheAnalysisTableHasTheHandComputedFigures()
    {
        factory.SkipWhenUnavailable();
        // Votes (A = "subscribe" → spam, B = "free" → spam, C = "love" → ham):
        //   0: A B   1: B C (conflict)   2: A   3: C   4: none   5: A C (conflict)
        var (projectId, manager, annotator, _) = await ProjectAsync(Items(
            "subscribe for free", "I love free stuff", "subscribe now", "love this song", "nice video", "love it, subscribe"));
        var a = await CreateAsync(manager, projectId, new LfRequest("A subscribe", "kind", new KeywordRule(["subscribe"]), "spam"));
        var b = await CreateAsync(manager, projectId, new LfRequest("B free", "kind", new KeywordRule(["free"]), "spam"));
        var c = await CreateAsync(manager, projectId, new LfRequest("C love", "kind", new KeywordRule(["love"]), "ham"));
        await ReadAsync<WeakSupervisionSettings>(await manager.PutAsJsonAsync($"/api/projects/{projectId}/weak-supervision/settings",
            new WeakSupervisionSettings(LabelModelKind.MajorityVote), AnnotateJson.Options, Ct));

        // People: item 0 spam+spam; item 1 spam→ham (edited) + ham; item 2 ham; item 3 ham+spam (a tie: no label); item 5 spam.
        var second = await factory.CreateUserAsync();
        long[] ids;
        await using (var db = await factory.DbFactory.CreateDbContextAsync(Ct))
        {
            ids = await db.Items.Where(i => i.ProjectId == projectId).OrderBy(i => i.Id).Select(i => i.Id).ToArrayAsync(Ct);
            void Answer(AppUser who, int item, int version, string label) => db.Annotations.Add(new Annotation
            {
                ProjectId = projectId, ItemId = ids[item], AnnotatorId = who.Id, Version = version, SchemaVersion = 1, CreatedAt = DateTime.UtcNow,
                Source = AnnotationSource.Human,
                AnswerJson = LabelingJson.Serialize(new Answer(new Dictionary<string, QuestionAnswer> { ["kind"] = new(Label: label) })),
            });
            Answer(annotator, 0, 1, "spam");
            Answer(second, 0, 1, "spam");
            Answer(annotator, 1, 1, "spam");
            Answer(annotator, 1, 2, "ham");
            Answer(second, 1, 1, "ham");
            Answer(second, 2, 1, "ham");
            Answer(annotator, 3, 1, "ham");
            Answer(second, 3, 1, "spam");
            Answer(annotator, 5, 1, "spam");
            await db.SaveChangesAsync(Ct);
        }

        var (_, fit) = await ApplyAndFitAsync(manager, projectId);
        Assert.Equal(JobStatus.Succeeded, fit.Status);
        var analysis = await ReadAsync<LfAnalysisDto>(await manager.GetAsync($"/api/projects/{projectId}/weak-supervision/analysis", Ct));
        var question = Assert.Single(analysis.Questions);
        Assert.Equal(("kind", 6, 5, 3, 2, 4), (question.QuestionKey, question.Items, question.Covered, question.Overlapping, question.Conflicting, question.WithAnswer));
        Assert.Equal("majority", question.Model);
        var rows = question.Functions.ToDictionary(f => f.FunctionId);
        Assert.Equal([a.Id, b.Id, c.Id], question.Functions.Select(f => f.FunctionId));
        // (polarity, votes, coverage, overlaps, conflicts, correct, incorrect, empirical accuracy)
        Assert.Equal(("Spam", 3, R(3 / 6.0), R(2 / 6.0), R(1 / 6.0), 2, 1, R(2 / 3.0)), Figures(rows[a.Id]));
        Assert.Equal(("Spam", 2, R(2 / 6.0), R(2 / 6.0), R(1 / 6.0), 1, 1, R(1 / 2.0)), Figures(rows[b.Id]));
        Assert.Equal(("Ham", 3, R(3 / 6.0), R(2 / 6.0), R(2 / 6.0), 1, 1, R(1 / 2.0)), Figures(rows[c.Id]));
        var matrix = LabelMatrix.FromRows([[1, 1, -1], [-1, 1, 0], [1, -1, -1], [-1, -1, 0], [-1, -1, -1], [1, -1, 0]], 3, 2);
        var learned = LabelModels.Fit(LabelModelKind.MajorityVote, matrix).LfAccuracies;
        Assert.Equal(learned, question.Functions.Select(f => f.LearnedAccuracy!.Value));

        var hits = await ReadAsync<LfHitsDto>(await manager.GetAsync($"/api/projects/{projectId}/weak-supervision/analysis/functions/{a.Id}", Ct));
        Assert.Equal((2, 1), (hits.HitCount, hits.MissCount));
        Assert.Equal([(ids[0], "subscribe for free", "Spam", "Spam"), (ids[5], "love it, subscribe", "Spam", "Spam")],
            hits.Hits.Select(h => (h.ItemId, h.Text, h.Voted, h.Answered)));
        Assert.Equal([(ids[2], "subscribe now", "Spam", "Ham")], hits.Misses.Select(h => (h.ItemId, h.Text, h.Voted, h.Answered)));

        // Disabling a function takes it out of the analysis at once; its learned accuracy is not shown for a run without it.
        using (var disabled = await manager.PostAsJsonAsync($"/api/projects/{projectId}/labeling-functions/{b.Id}/enabled", new { enabled = false }, Ct))
        {
            Assert.True(disabled.IsSuccessStatusCode);
        }
        var without = Assert.Single((await ReadAsync<LfAnalysisDto>(await manager.GetAsync($"/api/projects/{projectId}/weak-supervision/analysis", Ct))).Questions);
        Assert.Equal([a.Id, c.Id], without.Functions.Select(f => f.FunctionId));
        Assert.Equal((5, 1, 1), (without.Covered, without.Overlapping, without.Conflicting));
    }

    /// <summary>A row's figures, shares rounded to 9 decimals (they are counts ÷ 6).</summary>
    private static (string, int, double, double, double, int, int, double?) Figures(LfAnalysisRowDto r) =>
        (string.Join(",", r.Polarity), r.Votes, R(r.Coverage), R(r.Overlaps), R(r.Conflicts), r.Correct, r.Incorrect, r.EmpiricalAccuracy is { } e ? R(e) : null);

    private static double R(double value) => Math.Round(value, 9);

    [Fact]
    public async Task SettingsAreCheckedNamingTheFieldAndOnlyManagersChangeThemOrFitOrAnalyse()
    {
        factory.SkipWhenUnavailable();
        var (projectId, manager, annotator, _) = await ProjectAsync(Items("one", "two"));
        var defaults = await ReadAsync<WeakSupervisionSettings>(await manager.GetAsync($"/api/projects/{projectId}/weak-supervision/settings", Ct));
        Assert.Equal(new WeakSupervisionSettings(), defaults);

        using var tooHigh = await manager.PutAsJsonAsync($"/api/projects/{projectId}/weak-supervision/settings",
            new WeakSupervisionSettings(AutoAcceptThreshold: 1.5), AnnotateJson.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooHigh.StatusCode);
        Assert.Contains("AutoAcceptThreshold: must be between 0 and 1", await tooHigh.Content.ReadAsStringAsync(Ct));
        using var negative = await manager.PutAsJsonAsync($"/api/projects/{projectId}/weak-supervision/settings",
            new WeakSupervisionSettings(ReviewBelow: -0.1), AnnotateJson.Options, Ct);
        Assert.Contains("ReviewBelow: must be between 0 and 1", await negative.Content.ReadAsStringAsync(Ct));
        var saved = new WeakSupervisionSettings(LabelModelKind.MajorityVote, 5, TieBreak.Abstain, false, 0.9, 0.95);
        Assert.Equal(saved, await ReadAsync<WeakSupervisionSettings>(await manager.PutAsJsonAsync($"/api/projects/{projectId}/weak-supervision/settings", saved, AnnotateJson.Options, Ct)));

        // An annotator reads the settings (the queue shows suggestions by them) but changes nothing.
        var annotatorClient = await factory.SignInAsync(annotator);
        Assert.Equal(saved, await ReadAsync<WeakSupervisionSettings>(await annotatorClient.GetAsync($"/api/projects/{projectId}/weak-supervision/settings", Ct)));
        using (var put = await annotatorClient.PutAsJsonAsync($"/api/projects/{projectId}/weak-supervision/settings", new WeakSupervisionSettings(), AnnotateJson.Options, Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        }
        using (var fit = await annotatorClient.PostAsync($"/api/projects/{projectId}/weak-supervision/fit", null, Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, fit.StatusCode);
        }
        using (var analysis = await annotatorClient.GetAsync($"/api/projects/{projectId}/weak-supervision/analysis", Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, analysis.StatusCode);
        }
        Assert.Equal(saved, await ReadAsync<WeakSupervisionSettings>(await manager.GetAsync($"/api/projects/{projectId}/weak-supervision/settings", Ct)));

        // Someone who is no member of the project learns nothing of it.
        var stranger = await factory.SignInAsync(await factory.CreateUserAsync());
        foreach (var (method, path) in new[] { ("GET", "settings"), ("PUT", "settings"), ("POST", "fit"), ("GET", "analysis"), ("GET", "analysis/functions/1") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/projects/{projectId}/weak-supervision/{path}")
            {
                Content = method == "PUT" ? JsonContent.Create(new WeakSupervisionSettings(), options: AnnotateJson.Options) : null,
            };
            using var response = await stranger.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
        }
    }
}

public sealed class SqliteWeakLabelFitTests(SqliteWebFactory factory) : WeakLabelFitTests<SqliteWebFactory>(factory);

public sealed class PostgresWeakLabelFitTests(PostgresWebFactory factory) : WeakLabelFitTests<PostgresWebFactory>(factory);
