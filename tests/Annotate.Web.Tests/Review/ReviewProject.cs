using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Features.Queue;
using Annotate.Web.Features.Review;
using Annotate.Web.Infrastructure;
using Annotate.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Annotate.Web.Tests.Review;

/// <summary>A project set up for review tests: a Manager, annotators, a reviewer, items, a schema and k.</summary>
internal sealed class ReviewProject
{
    public static LabelSchema Sentiment { get; } = new(
    [
        new QuestionDefinition("sentiment", "Sentiment", QuestionKind.Single, [new("pos", "Positive"), new("neg", "Negative"), new("neu", "Neutral")]),
        new QuestionDefinition("quality", "Quality", QuestionKind.Rating, Required: false, Min: 1, Max: 5),
    ]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ReviewProject(AnnotateWebFactory factory, int projectId, Caller manager, IReadOnlyList<Caller> annotators, Caller reviewer, IReadOnlyList<long> itemIds)
    {
        Factory = factory;
        ProjectId = projectId;
        Manager = manager;
        Annotators = annotators;
        Reviewer = reviewer;
        ItemIds = itemIds;
    }

    public AnnotateWebFactory Factory { get; }

    public int ProjectId { get; }

    public Caller Manager { get; }

    public IReadOnlyList<Caller> Annotators { get; }

    public Caller Reviewer { get; }

    public IReadOnlyList<long> ItemIds { get; }

    public QueueService Queue => Factory.Services.GetRequiredService<QueueService>();

    public ReviewService Review => Factory.Services.GetRequiredService<ReviewService>();

    public ReviewRoutingService Routing => Factory.Services.GetRequiredService<ReviewRoutingService>();

    public FinalLabelService FinalLabels => Factory.Services.GetRequiredService<FinalLabelService>();

    public GoldService Gold => Factory.Services.GetRequiredService<GoldService>();

    public static Answer Label(string label, int? quality = null) => quality is { } q
        ? new(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: label), ["quality"] = new(Rating: q) })
        : new(new Dictionary<string, QuestionAnswer> { ["sentiment"] = new(Label: label) });

    /// <summary>Creates the project; the Manager is a plain member (not an Admin), so role checks are real.</summary>
    public static async Task<ReviewProject> CreateAsync(AnnotateWebFactory factory, int items, int overlap, int annotators, ReviewSettings? settings = null)
    {
        var admin = AnnotateWebFactory.CallerOf(await factory.CreateUserAsync(admin: true), admin: true);
        var projects = factory.Services.GetRequiredService<ProjectService>();
        var project = await projects.CreateAsync(admin, new CreateProjectRequest($"Review {Guid.NewGuid():N}", null), Ct);
        await factory.Services.GetRequiredService<SchemaService>().SaveAsync(admin, project.Id, Sentiment, Ct);
        await factory.Services.GetRequiredService<QueueService>().SaveSettingsAsync(admin, project.Id, new QueueSettings(overlap, 30), Ct);
        if (settings is not null)
        {
            await factory.Services.GetRequiredService<ReviewService>().SaveSettingsAsync(admin, project.Id, settings, Ct);
        }
        await ItemSeeder.SeedAsync(factory, project.Id, Enumerable.Range(1, items).Select(i => new Item { Text = $"Review text {i}", ContentHash = $"r{i}" }));
        async Task<Caller> MemberAsync(ProjectRoles roles)
        {
            var user = await factory.CreateUserAsync();
            await projects.SetMemberAsync(admin, project.Id, new SetMemberRequest(user.Email!, roles), Ct);
            return AnnotateWebFactory.CallerOf(user);
        }
        var manager = await MemberAsync(ProjectRoles.Manager);
        var people = new List<Caller>();
        for (var i = 0; i < annotators; i++)
        {
            people.Add(await MemberAsync(ProjectRoles.Annotator));
        }
        var reviewer = await MemberAsync(ProjectRoles.Reviewer);
        await using var db = await factory.DbFactory.CreateDbContextAsync(Ct);
        var ids = await db.Items.Where(i => i.ProjectId == project.Id).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(Ct);
        return new ReviewProject(factory, project.Id, manager, people, reviewer, ids);
    }

    /// <summary>The annotator takes their next item and answers it.</summary>
    public async Task<long> AnswerNextAsync(Caller annotator, Answer answer)
    {
        var item = await Queue.NextAsync(annotator, ProjectId, null, false, Ct) ?? throw new InvalidOperationException("The queue is empty for this annotator.");
        await Queue.SubmitAsync(annotator, ProjectId, item.ItemId, new SubmitRequest(answer), Ct);
        return item.ItemId;
    }

    public async Task<List<ReviewTask>> TasksAsync()
    {
        await using var db = await Factory.DbFactory.CreateDbContextAsync(Ct);
        return await db.ReviewTasks.AsNoTracking().Where(t => t.ProjectId == ProjectId).OrderBy(t => t.Id).ToListAsync(Ct);
    }

    /// <summary>The account of a member, to sign in over HTTP.</summary>
    public async Task<AppUser> UserAsync(Caller caller)
    {
        await using var db = await Factory.DbFactory.CreateDbContextAsync(Ct);
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == caller.UserId, Ct);
    }

    /// <summary>Every annotation row of the project as stored, to compare before and after.</summary>
    public async Task<List<(long Id, long ItemId, string AnnotatorId, int Version, string AnswerJson, AnnotationSource Source)>> AnnotationRowsAsync()
    {
        await using var db = await Factory.DbFactory.CreateDbContextAsync(Ct);
        return (await db.Annotations.AsNoTracking().Where(a => a.ProjectId == ProjectId).OrderBy(a => a.Id).ToListAsync(Ct))
            .Select(a => (a.Id, a.ItemId, a.AnnotatorId, a.Version, a.AnswerJson, a.Source)).ToList();
    }
}
