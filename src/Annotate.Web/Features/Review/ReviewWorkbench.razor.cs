using Annotate.Core.Labeling;
using Annotate.Core.Review;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Features.Queue.Workbench;
using QuestionDraft = Annotate.Web.Features.Queue.Workbench.QuestionDraft;
using Annotate.Web.Infrastructure;
using Annotate.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Annotate.Web.Features.Review;

/// <summary>
/// The reviewer's keyboard-first workbench: one open task at a time, every annotator's answer numbered; a digit picks
/// one, E edits the final answer with the label keys (the annotators' <see cref="HotkeyMap"/>), Enter saves it as the
/// final label (accepting the picked annotation as it is, or the edited answer as a new one), R sends the item back with
/// a comment, S skips. Keys arrive through the annotators' page script (<c>workbench.js</c>), which only forwards them.
/// </summary>
public sealed partial class ReviewWorkbench : LiveComponentBase, IAsyncDisposable
{
    [Parameter, EditorRequired]
    public int ProjectId { get; set; }

    [Inject]
    private ReviewService Review { get; set; } = default!;

    [Inject]
    private SchemaService Schemas { get; set; } = default!;

    [Inject]
    private Annotate.Web.Features.Queue.QueueService Queues { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private PeriodicTimer? renewTimer;
    private ElementReference root;
    private readonly WorkbenchKeyboard<ReviewWorkbench> keyboard = new();

    private SchemaDto? schema;
    private HotkeyMap hotkeys = new(LabelSchema.Empty);
    private ReviewQueueSummary? summary;
    private ReviewItem? item;
    private AnswerDraft? draft;

    /// <summary>The number of the annotation picked; null when none is.</summary>
    private int? chosen;

    /// <summary>The draft differs from the picked annotation (or was written from scratch).</summary>
    private bool edited;

    /// <summary>Keys choose labels of the draft (E); otherwise digits pick annotations.</summary>
    private bool editing;
    private int activeQuestion;
    private (int Start, int End)? pendingSelection;
    private string? armedSpanLabel;

    /// <summary>Tasks skipped on this page: not handed out again until the page is reloaded.</summary>
    private readonly HashSet<long> skipped = [];

    private bool loading = true;
    private bool busy;
    private bool keysReady;
    private bool helpOpen;
    private string? notice;
    private IReadOnlyList<string> problems = [];

    protected override int LiveProjectId => ProjectId;

    private LabelSchema Schema => schema?.Schema ?? LabelSchema.Empty;

    protected override async Task OnInitializedAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            // Prerendering: leasing a task now would reserve it for a page that is about to be replaced.
            return;
        }
        var caller = await GetCallerAsync();
        try
        {
            schema = await Schemas.GetAsync(caller, ProjectId, Aborted);
            hotkeys = new HotkeyMap(Schema);
            summary = await Review.SummaryAsync(caller, ProjectId, Aborted);
            // Started before the first task is leased, so no tick of the renewal can be missed.
            _ = RenewLeaseAsync((await Queues.GetSettingsAsync(caller, ProjectId, Aborted)).LeaseMinutes);
        }
        catch (Exception e) when (e is NotFoundException or ForbiddenException)
        {
            notice = e.Message;
            loading = false;
            return;
        }
        await LoadNextAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender);
        if (!firstRender)
        {
            return;
        }
        // Without a circuit (or in a test renderer without a browser) keys simply never arrive.
        if (await keyboard.AttachAsync(JS, root, this, Aborted))
        {
            keysReady = true;
            StateHasChanged();
        }
    }

    private async Task LoadNextAsync()
    {
        loading = true;
        try
        {
            Show(await Review.NextAsync(await GetCallerAsync(), ProjectId, skipped, Aborted));
            notice = null;
        }
        catch (Exception e) when (e is NotFoundException or ForbiddenException)
        {
            Show(null);
            notice = e.Message;
        }
        finally
        {
            loading = false;
        }
    }

    private void Show(ReviewItem? next)
    {
        item = next;
        draft = next is null ? null : new AnswerDraft(Schema, null, next.Metadata);
        chosen = null;
        edited = false;
        // Nothing to pick from (a flagged item nobody answered): the reviewer writes the answer.
        editing = next is { Annotations.Count: 0 };
        activeQuestion = 0;
        pendingSelection = null;
        armedSpanLabel = null;
        problems = [];
    }

    /// <summary>A key the reviewer pressed, forwarded by the page script (which leaves typing in text fields alone).</summary>
    /// <param name="inEditable">Pressed inside a text field: only Ctrl+Enter arrives from there.</param>
    [JSInvokable]
    public async Task OnKey(string key, bool ctrl, bool shift, bool inEditable)
    {
        await InvokeAsync(async () =>
        {
            await HandleKeyAsync(key, inEditable);
            StateHasChanged();
        });
    }

    private async Task HandleKeyAsync(string key, bool inEditable)
    {
        if (busy || loading || item is null || draft is null)
        {
            return;
        }
        switch (key)
        {
            case "Enter":
                await ResolveAsync();
                return;
            case "Escape":
                if (pendingSelection is not null || armedSpanLabel is not null)
                {
                    pendingSelection = null;
                    armedSpanLabel = null;
                }
                else
                {
                    StopEditing();
                }
                return;
            case "?":
                helpOpen = !helpOpen;
                return;
            case "ArrowUp" when editing:
                activeQuestion = Math.Max(0, activeQuestion - 1);
                return;
            case "ArrowDown" when editing:
                activeQuestion = Math.Min(draft.Questions.Count - 1, activeQuestion + 1);
                return;
        }
        if (inEditable)
        {
            return;
        }
        if (editing && EditKey(key))
        {
            return;
        }
        if (!editing && key.Length == 1 && char.IsAsciiDigit(key[0]) && key != "0")
        {
            Pick(key[0] - '0');
            return;
        }
        switch (key)
        {
            case "e" or "E":
                StartEditing();
                break;
            case "r" or "R":
                await SendBackAsync();
                break;
            case "s" or "S":
                await SkipAsync();
                break;
        }
    }

    /// <summary>A key while editing: the active rating or pairwise question first, then the label keys. True when it did something.</summary>
    private bool EditKey(string key)
    {
        var active = draft!.Questions.Count > activeQuestion ? draft.Questions[activeQuestion] : null;
        if (active?.Question.Kind == QuestionKind.Rating && int.TryParse(key, out var value) && value >= active.Question.Min && value <= active.Question.Max
            && (active.Question.Max <= 9 || hotkeys.Find(key) is null))
        {
            active.Rating = value;
            DraftEdited();
            return true;
        }
        if (active?.Question.Kind == QuestionKind.Pairwise)
        {
            PairwiseChoice? choice = key switch
            {
                "ArrowLeft" or "1" => PairwiseChoice.A,
                "ArrowRight" or "2" => PairwiseChoice.B,
                "3" or "t" or "T" => PairwiseChoice.Tie,
                _ => null,
            };
            if (choice is not null && (key.StartsWith("Arrow", StringComparison.Ordinal) || hotkeys.Find(key) is null))
            {
                active.Choice = choice;
                DraftEdited();
                return true;
            }
        }
        if (hotkeys.Find(key) is { } target)
        {
            ChooseLabel(target.QuestionKey, target.LabelKey);
            return true;
        }
        return false;
    }

    /// <summary>Makes annotation <paramref name="number"/>'s answer the draft of the final label.</summary>
    private void Pick(int number)
    {
        if (item?.Annotations.FirstOrDefault(a => a.Number == number) is not { } annotation)
        {
            return;
        }
        chosen = number;
        draft = new AnswerDraft(Schema, annotation.Answer, item.Metadata);
        edited = false;
        pendingSelection = null;
        armedSpanLabel = null;
        problems = [];
    }

    private void StartEditing()
    {
        editing = true;
        problems = [];
    }

    private void StopEditing()
    {
        editing = false;
        pendingSelection = null;
        armedSpanLabel = null;
    }

    private void DraftEdited()
    {
        edited = true;
        problems = [];
    }

    /// <summary>A label chosen by key or click: it edits the draft (a click starts editing); a span question labels the selection or arms the label.</summary>
    private void ChooseLabel(string questionKey, string labelKey)
    {
        var question = draft?[questionKey];
        if (question is null || item is null)
        {
            return;
        }
        editing = true;
        activeQuestion = draft!.Questions.ToList().IndexOf(question);
        if (question.Question.Kind != QuestionKind.Spans)
        {
            question.Choose(labelKey);
            DraftEdited();
            return;
        }
        if (pendingSelection is { } selection)
        {
            AddSpan(question, selection.Start, selection.End, labelKey);
            pendingSelection = null;
            armedSpanLabel = null;
        }
        else
        {
            armedSpanLabel = armedSpanLabel == labelKey ? null : labelKey;
        }
    }

    /// <summary>Text the reviewer selected, as character offsets into the item text (the same script as the annotators').</summary>
    [JSInvokable]
    public async Task OnSelection(int start, int end)
    {
        await InvokeAsync(() =>
        {
            var spanQuestion = draft?.Questions.FirstOrDefault(q => q.Question.Kind == QuestionKind.Spans);
            if (item is null || spanQuestion is null || start < 0 || end > item.Text.Length || start >= end)
            {
                return;
            }
            editing = true;
            if (armedSpanLabel is not null)
            {
                AddSpan(spanQuestion, start, end, armedSpanLabel);
            }
            else
            {
                pendingSelection = (start, end);
                activeQuestion = draft!.Questions.ToList().IndexOf(spanQuestion);
            }
            StateHasChanged();
        });
    }

    private void AddSpan(QuestionDraft question, int start, int end, string labelKey)
    {
        if (question.AddSpan(item!.Text, start, end, labelKey) is null)
        {
            problems = [question.Question.AllowOverlap ? "The selection holds only spaces." : "That selection overlaps a span already marked, which this question does not allow."];
            return;
        }
        DraftEdited();
    }

    private void RemoveSpan(QuestionDraft? question, SpanAnswer span)
    {
        if (question?.Spans.Remove(span) == true)
        {
            editing = true;
            DraftEdited();
        }
    }

    /// <summary>Enter: the picked annotation as it is, or the draft as a new answer, becomes the final label.</summary>
    private async Task ResolveAsync()
    {
        if (item is null || draft is null || busy)
        {
            return;
        }
        var picked = chosen is { } n ? item.Annotations.FirstOrDefault(a => a.Number == n) : null;
        ResolveRequest request;
        if (picked is not null && !edited)
        {
            request = new ResolveRequest(AnnotationId: picked.AnnotationId);
        }
        else
        {
            var answer = draft.ToAnswer();
            if (picked is null && !edited)
            {
                problems = [item.Annotations.Count > 0
                    ? $"Pick an answer with its number (1–{item.Annotations.Count}), or press E and write the final label."
                    : "Write the final label first (the label keys choose labels)."];
                return;
            }
            problems = answer.Problems(Schema, item.Text);
            if (problems.Count > 0)
            {
                return;
            }
            // Edited back to exactly the picked answer: that is accepting it.
            request = picked is not null && AnswerDraft.Same(answer, picked.Answer) ? new ResolveRequest(AnnotationId: picked.AnnotationId) : new ResolveRequest(Answer: answer);
        }
        busy = true;
        try
        {
            var decision = await Review.ResolveAsync(await GetCallerAsync(), ProjectId, item.TaskId, request, Aborted);
            Snackbar.Add(decision.Outcome == Data.Entities.ReviewOutcome.Accepted ? $"Item {item.ItemId}: answer {chosen} accepted as the final label." : $"Item {item.ItemId}: your answer saved as the final label.", Severity.Success);
            await LoadNextAsync();
        }
        catch (Exception e) when (e is InputException or ConflictException or NotFoundException)
        {
            problems = [e.Message];
        }
        finally
        {
            busy = false;
        }
    }

    private async Task SendBackAsync()
    {
        if (item is null || busy)
        {
            return;
        }
        var dialog = await Dialogs.ShowAsync<SendBackDialog>("Send back to the annotators", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: string comment })
        {
            return;
        }
        busy = true;
        try
        {
            await Review.SendBackAsync(await GetCallerAsync(), ProjectId, item.TaskId, new SendBackRequest(comment), Aborted);
            Snackbar.Add($"Item {item.ItemId} sent back to its annotators.", Severity.Info);
            await LoadNextAsync();
        }
        catch (Exception e) when (e is InputException or ConflictException or NotFoundException)
        {
            problems = [e.Message];
        }
        finally
        {
            busy = false;
        }
    }

    private async Task SkipAsync()
    {
        if (item is null || busy)
        {
            return;
        }
        busy = true;
        try
        {
            skipped.Add(item.TaskId);
            await Review.ReleaseAsync(await GetCallerAsync(), ProjectId, item.TaskId, Aborted);
            await LoadNextAsync();
        }
        finally
        {
            busy = false;
        }
    }

    /// <summary>
    /// Keeps the task on screen reserved while the page is open, renewing at a third of the lease (as the annotators'
    /// workbench does): a reviewer reading a long item or history must not lose it to another reviewer midway.
    /// </summary>
    private async Task RenewLeaseAsync(int leaseMinutes)
    {
        renewTimer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, leaseMinutes) / 3.0), Time);
        try
        {
            while (await renewTimer.WaitForNextTickAsync(Aborted))
            {
                await InvokeAsync(async () =>
                {
                    if (item is not { } shown || busy)
                    {
                        return;
                    }
                    if (await Review.RenewAsync(await GetCallerAsync(), ProjectId, shown.TaskId, Aborted) is null && item?.TaskId == shown.TaskId)
                    {
                        notice = $"Another reviewer took item {shown.ItemId} while your hold on it had lapsed, or it was decided meanwhile: press S to move on.";
                        StateHasChanged();
                    }
                });
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or NotFoundException or ForbiddenException)
        {
        }
    }

    protected override async Task OnProjectEventAsync(ProjectEvent projectEvent)
    {
        if (projectEvent is not ReviewUpdated update || update.Change == ReviewChange.Gold)
        {
            return;
        }
        try
        {
            summary = await Review.SummaryAsync(await GetCallerAsync(), ProjectId, Aborted);
            // The empty page picks up an item as soon as one arrives.
            if (item is null && !loading && !busy && update.Change == ReviewChange.Opened)
            {
                await LoadNextAsync();
            }
        }
        catch (Exception e) when (e is NotFoundException or ForbiddenException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private string FinalHint() => (chosen, edited) switch
    {
        (null, false) => item?.Annotations.Count > 0 ? $"pick an answer (1–{item.Annotations.Count}) or edit" : "write the answer",
        ({ } n, false) => $"answer {n} as it is",
        ({ } n, true) => $"answer {n}, edited: saved as a new answer",
        (null, true) => "your own answer",
    };

    private static string ReasonText(ReviewReason reason) => reason switch
    {
        ReviewReason.Disagreement => "Annotators disagree",
        ReviewReason.LowAgreement => "Low agreement",
        ReviewReason.Flagged => "Flagged",
        ReviewReason.WeakBelowThreshold => "Weak label below threshold",
        ReviewReason.Manual => "Sent by hand",
        _ => reason.ToString(),
    };

    private static Color ReasonColor(ReviewReason reason) => reason switch
    {
        ReviewReason.Disagreement or ReviewReason.LowAgreement => Color.Error,
        ReviewReason.Flagged => Color.Warning,
        _ => Color.Info,
    };

    internal static string OutcomeText(Data.Entities.ReviewOutcome outcome) => outcome switch
    {
        Data.Entities.ReviewOutcome.Accepted => "Accepted an annotation",
        Data.Entities.ReviewOutcome.NewAnswer => "Gave a new answer",
        _ => "Sent back",
    };

    public async ValueTask DisposeAsync()
    {
        renewTimer?.Dispose();
        await keyboard.DisposeAsync();
        Dispose();
    }
}
