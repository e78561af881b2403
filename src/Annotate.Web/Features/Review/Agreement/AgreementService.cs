using Annotate.Core.Labeling;
using Annotate.Core.Projects;
using Annotate.Data;
using Annotate.Data.Entities;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Projects;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Annotate.Web.Features.Review.Agreement;

/// <summary>
/// Inter-annotator agreement of a project, per question, from the answers people gave (each annotator's latest version
/// per item; weak labels accepted by a rule and reviewers' answers are not annotations of an annotator and do not
/// count). For Managers and Reviewers.
/// </summary>
/// <remarks>
/// Every call reads the question's answers and computes the figures afresh (the panel coalesces refreshes, so a burst
/// of submissions costs one computation per interval). Reviewed labels and gold answers come in through
/// <see cref="IAgreementReference"/>s, which the review feature registers.
/// </remarks>
public sealed class AgreementService(
    IDbContextFactory<AnnotateDbContext> dbFactory,
    ProjectAccessService access,
    SchemaService schemas,
    IEnumerable<IAgreementReference> references,
    TimeProvider time)
{
    /// <summary>The roles that may see agreement figures.</summary>
    public const ProjectRoles Roles = ProjectRoles.Manager | ProjectRoles.Reviewer;

    /// <summary>The project's agreement on <paramref name="questionKey"/> (the first measurable question when null).</summary>
    /// <exception cref="NotFoundException">No such project, or the caller is not a member.</exception>
    /// <exception cref="ForbiddenException">The caller is neither Manager nor Reviewer of the project.</exception>
    /// <exception cref="InputException">The schema has no question <paramref name="questionKey"/>, or no question yet.</exception>
    public async Task<AgreementReport> GetAsync(Caller caller, int projectId, string? questionKey, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, Roles, cancellationToken);
        var (question, questions) = await QuestionAsync(projectId, questionKey, cancellationToken);
        if (AgreementCalculator.For(question) is not { } calculator)
        {
            return Unsupported(projectId, question, questions);
        }
        var input = await LoadAsync(projectId, question, questions, cancellationToken);
        return calculator.Report(input);
    }

    /// <summary>One annotator's figures on <paramref name="questionKey"/> (the first measurable question when null).</summary>
    /// <exception cref="NotFoundException">No such project, the caller is not a member, or <paramref name="userId"/>
    /// neither is a member nor has answered in the project.</exception>
    /// <exception cref="ForbiddenException">The caller is neither Manager nor Reviewer of the project.</exception>
    /// <exception cref="InputException">The schema has no question <paramref name="questionKey"/>, or no question yet.</exception>
    public async Task<AnnotatorReport> GetAnnotatorAsync(Caller caller, int projectId, string userId, string? questionKey, CancellationToken cancellationToken)
    {
        await access.RequireAsync(caller, projectId, Roles, cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var known = await db.ProjectMembers.AnyAsync(m => m.ProjectId == projectId && m.UserId == userId, cancellationToken)
                || await db.Annotations.AnyAsync(a => a.ProjectId == projectId && a.AnnotatorId == userId, cancellationToken);
            if (!known)
            {
                throw new NotFoundException($"No annotator {userId} in project {projectId}.");
            }
        }
        var (question, questions) = await QuestionAsync(projectId, questionKey, cancellationToken);
        var input = await LoadAsync(projectId, question, questions, cancellationToken, extraUser: userId);
        if (AgreementCalculator.For(question) is not { } calculator)
        {
            return new AnnotatorReport(projectId, userId, input.Names.GetValueOrDefault(userId) ?? userId, Describe(question), questions,
                AgreementCalculator.UnsupportedReason(question), "", "", new Figure(null, AgreementCalculator.UnsupportedReason(question)),
                null, [], null, 0, null, [], [], 1, time.GetUtcNow().UtcDateTime);
        }
        return calculator.AnnotatorReport(input, userId);
    }

    private async Task<(QuestionDefinition Question, IReadOnlyList<AgreementQuestion> Questions)> QuestionAsync(
        int projectId, string? questionKey, CancellationToken cancellationToken)
    {
        var schema = (await schemas.LoadAsync(projectId, cancellationToken)).Schema;
        var questions = schema.Questions.Select(Describe).ToList();
        if (schema.Questions.Count == 0)
        {
            throw new InputException("question", "The project has no label schema yet, so there are no answers to compare; define questions on the Labels tab.");
        }
        if (string.IsNullOrWhiteSpace(questionKey))
        {
            return (schema.Questions.FirstOrDefault(q => AgreementCalculator.For(q) is not null) ?? schema.Questions[0], questions);
        }
        var question = schema.Find(questionKey) ?? schema.RetiredQuestions.FirstOrDefault(q => q.Key == questionKey)
            ?? throw new InputException("question", $"The schema has no question '{questionKey}'; its questions are: {string.Join(", ", schema.Questions.Select(q => q.Key))}.");
        return (question, questions);
    }

    private static AgreementQuestion Describe(QuestionDefinition question) =>
        new(question.Key, question.Title, question.Kind, AgreementCalculator.For(question) is not null);

    private AgreementReport Unsupported(int projectId, QuestionDefinition question, IReadOnlyList<AgreementQuestion> questions)
    {
        var reason = AgreementCalculator.UnsupportedReason(question);
        var none = new Figure(null, reason);
        return new AgreementReport(projectId, Describe(question), questions, reason, "", 0, 0, 0, none, null, none, none, "",
            [], [], [], reason, [.. references.Select(r => new ReferenceInfo(r.Key, r.Name))], [], 1, null, time.GetUtcNow().UtcDateTime);
    }

    private async Task<AgreementInput> LoadAsync(
        int projectId, QuestionDefinition question, IReadOnlyList<AgreementQuestion> questions, CancellationToken cancellationToken, string? extraUser = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.Annotations.AsNoTracking()
            .Where(a => a.ProjectId == projectId && a.Source == AnnotationSource.Human)
            .OrderBy(a => a.Id)
            .Select(a => new { a.ItemId, a.AnnotatorId, a.Version, a.CreatedAt, a.AnswerJson })
            .ToListAsync(cancellationToken);
        var rows = new List<AnswerRow>(stored.Count);
        foreach (var a in stored)
        {
            var answer = LabelingJson.Deserialize<Answer>(a.AnswerJson);
            rows.Add(new AnswerRow(a.ItemId, a.AnnotatorId, a.Version, a.CreatedAt, answer.Questions.GetValueOrDefault(question.Key)));
        }

        var ids = rows.Select(r => r.AnnotatorId).Append(extraUser).OfType<string>().Distinct().ToList();
        var people = await db.Users.Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName })
            .ToListAsync(cancellationToken);
        var names = people.ToDictionary(
            p => p.Id,
            p => string.IsNullOrWhiteSpace(p.DisplayName) ? p.Email ?? p.UserName ?? p.Id : p.DisplayName);

        var loaded = new List<LoadedReference>();
        foreach (var reference in references)
        {
            loaded.Add(new LoadedReference(new ReferenceInfo(reference.Key, reference.Name),
                await reference.LoadAsync(projectId, question.Key, cancellationToken)));
        }
        return new AgreementInput(projectId, Describe(question), questions, rows, names, loaded, time.GetUtcNow().UtcDateTime);
    }
}
