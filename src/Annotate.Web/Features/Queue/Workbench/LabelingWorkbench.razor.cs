using System.Diagnostics;
using Annotate.Core.Labeling;
using Annotate.Web.Features.Labeling;
using Annotate.Web.Infrastructure;
using Annotate.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Annotate.Web.Features.Queue.Workbench;

/// <summary>
/// The annotator's keyboard-first workbench: one item at a time from the queue, with the next one already leased and
/// loaded (prefetch) so it appears without a round trip; label keys, Enter to submit, S to skip, Backspace or Ctrl+Z to
/// go back through the annotator's own history and change an answer (a new version; earlier ones stay), ? for help.
/// Keys reach <see cref="OnKey"/> from a small script that only forwards them; every decision is made here, on the
/// server.
/// </summary>
public sealed partial class LabelingWorkbench : LiveComponentBase, IAsyncDisposable
{
    [Parameter, EditorRequired]
    public int ProjectId { get; set; }

    [Inject]
    private QueueService Queue { get; set; } = default!;

    [Inject]
    private SchemaService Schemas { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private ElementReference root;
    private readonly WorkbenchKeyboard<LabelingWorkbench> keyboard = new();

    private SchemaDto? schema;
    private HotkeyMap hotkeys = new(LabelSchema.Empty);
    private QueueSettings? settings;
    private QueueProgress? progress;
    private int timezoneOffsetMinutes;

    /// <summary>The queue item the annotator is on (kept while they look back through their history).</summary>
    private QueueItem? queueItem;
    private Task<QueueItem?>? prefetch;

    /// <summary>What is on screen: the queue item, or an item from the history.</summary>
    private QueueItem? shown;
    private AnswerDraft? draft;
    private int activeQuestion;
    private (int Start, int End)? pendingSelection;
    private string? armedSpanLabel;
    private readonly Stopwatch onScreen = new();

    /// <summary>Null on the queue item; otherwise how far back in the history (0 = the last item answered or skipped).</summary>
    private int? historyIndex;
    private HistoryEntry? historyEntry;

    private bool loading = true;
    private bool keysReady;
    private bool busy;
    private bool finished;
    private bool skippedMode;
    private bool leaseLost;
    private bool guidelinesOpen = true;
    private IReadOnlyList<string> problems = [];
    private string? notice;

    private PeriodicTimer? renewTimer;
    private int progressRefreshing;

    protected override int LiveProjectId => ProjectId;

    private LabelSchema Schema => schema?.Schema ?? LabelSchema.Empty;

    private bool InHistory => historyIndex is not null;

    protected override async Task OnInitializedAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            // Prerendering: leasing items now would reserve them for a page that is about to be replaced.
            return;
        }
        var caller = await GetCallerAsync();
        try
        {
            schema = await Schemas.GetAsync(caller, ProjectId, Aborted);
            settings = await Queue.GetSettingsAsync(caller, ProjectId, Aborted);
        }
        catch (Exception e) when (e is NotFoundException or ForbiddenException)
        {
            notice = e.Message;
            loading = false;
            return;
        }
        hotkeys = new HotkeyMap(Schema);
        if (schema.Version == 0)
        {
            loading = false;
            return;
        }
        await LoadFirstAsync();
    }

    private async Task LoadFirstAsync()
    {
        loading = true;
        try
        {
            queueItem = await Queue.NextAsync(await GetCallerAsync(), ProjectId, [], skippedMode, Aborted);
            Show(queueItem);
            StartPrefetch();
        }
        catch (Exception e) when (e is ConflictException or ForbiddenException or NotFoundException)
        {
            notice = e.Message;
        }
        finally
        {
            loading = false;
        }
        await RefreshProgressAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender);
        if (!firstRender)
        {
            return;
        }
        // Without a circuit (or in a test renderer without a browser) keys simply never arrive.
        keysReady = await keyboard.AttachAsync(JS, root, this, Aborted);
        try
        {
            if (keyboard.Module is { } module)
            {
                timezoneOffsetMinutes = await module.InvokeAsync<int>("timezoneOffsetMinutes", Aborted);
            }
        }
        catch (Exception e) when (e is JSDisconnectedException or OperationCanceledException or InvalidOperationException)
        {
        }
        _ = RenewLeasesAsync();
        await RefreshProgressAsync();
        StateHasChanged();
    }

    private void Show(QueueItem? item)
    {
        shown = item;
        finished = item is null && !InHistory;
        draft = item is null ? null : new AnswerDraft(Schema, item.CurrentAnswer, item.Metadata);
        if (draft is not null && item is { CurrentAnswer: null, Suggestions: { Count: > 0 } suggestions })
        {
            // A new item: the label model's suggestion is pre-selected, so Enter accepts it.
            foreach (var suggestion in suggestions)
            {
                if (draft[suggestion.QuestionKey] is { Question.Kind: QuestionKind.Single } question)
                {
                    question.Label = suggestion.Label;
                }
            }
        }
        activeQuestion = 0;
        pendingSelection = null;
        armedSpanLabel = null;
        problems = [];
        leaseLost = false;
        onScreen.Restart();
    }

    private void StartPrefetch()
    {
        if (queueItem is null)
        {
            prefetch = null;
            return;
        }
        var holding = new[] { queueItem.ItemId };
        prefetch = PrefetchAsync(holding);
    }

    private async Task<QueueItem?> PrefetchAsync(long[] holding)
    {
        try
        {
            return await Queue.NextAsync(await GetCallerAsync(), ProjectId, holding, skippedMode, Aborted);
        }
        catch (Exception e) when (e is ConflictException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Moves to the next queue item: the prefetched one when there is one, else asks again (leases may have expired since).</summary>
    private async Task AdvanceAsync()
    {
        var next = prefetch is null ? null : await prefetch;
        next ??= await Queue.NextAsync(await GetCallerAsync(), ProjectId, [], skippedMode, Aborted);
        queueItem = next;
        historyIndex = null;
        historyEntry = null;
        Show(next);
        StartPrefetch();
    }

    /// <summary>A key the annotator pressed, forwarded by the page script (which leaves typing in text fields alone).</summary>
    /// <param name="inEditable">Pressed inside a text field: only Ctrl+Enter arrives from there.</param>
    [JSInvokable]
    public async Task OnKey(string key, bool ctrl, bool shift, bool inEditable)
    {
        await InvokeAsync(async () =>
        {
            await HandleKeyAsync(key, ctrl, shift, inEditable);
            StateHasChanged();
        });
    }

    private async Task HandleKeyAsync(string key, bool ctrl, bool shift, bool inEditable)
    {
        if (busy || loading)
        {
            return;
        }
        switch (key)
        {
            case "Enter":
                await SubmitAsync();
                return;
            case "Backspace":
            case "z" or "Z" when ctrl:
                await BackAsync();
                return;
            case "Escape":
                if (pendingSelection is not null || armedSpanLabel is not null)
                {
                    pendingSelection = null;
                    armedSpanLabel = null;
                }
                else if (InHistory)
                {
                    await ReturnToQueueAsync();
                }
                return;
            case "?":
                await ShowShortcutsAsync();
                return;
            case "ArrowUp":
                MoveQuestion(-1);
                return;
            case "ArrowDown":
                MoveQuestion(1);
                return;
        }
        if (inEditable || draft is null)
        {
            return;
        }
        if (key is "s" or "S")
        {
            await SkipAsync(null);
            return;
        }
        var active = draft.Questions.Count > activeQuestion ? draft.Questions[activeQuestion] : null;
        // The active question's own answers first: ratings and pairwise choices by digits and arrows.
        if (active?.Question.Kind == QuestionKind.Rating && int.TryParse(key, out var value) && value >= active.Question.Min && value <= active.Question.Max
            && (active.Question.Max <= 9 || hotkeys.Find(key) is null))
        {
            active.Rating = value;
            return;
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
                return;
            }
        }
        if (hotkeys.Find(key) is { } target)
        {
            ChooseLabel(target.QuestionKey, target.LabelKey);
        }
    }

    private void MoveQuestion(int delta)
    {
        if (draft is { Questions.Count: > 0 })
        {
            activeQuestion = Math.Clamp(activeQuestion + delta, 0, draft.Questions.Count - 1);
        }
    }

    /// <summary>A label chosen by key or click: single and multi questions take it; a span question labels the selected text, or arms the label for the next selection.</summary>
    private void ChooseLabel(string questionKey, string labelKey)
    {
        var question = draft?[questionKey];
        if (question is null || shown is null)
        {
            return;
        }
        activeQuestion = draft!.Questions.ToList().IndexOf(question);
        problems = [];
        if (question.Question.Kind != QuestionKind.Spans)
        {
            question.Choose(labelKey);
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

    private void AddSpan(QuestionDraft question, int start, int end, string labelKey)
    {
        if (question.AddSpan(shown!.Text, start, end, labelKey) is null)
        {
            problems = [question.Question.AllowOverlap
                ? "The selection holds only spaces."
                : "That selection overlaps a span already marked, which this question does not allow; click the span to remove it first."];
        }
        _ = ClearBrowserSelectionAsync();
    }

    /// <summary>Text the annotator selected with the mouse, as character offsets into the item text.</summary>
    [JSInvokable]
    public async Task OnSelection(int start, int end)
    {
        await InvokeAsync(() =>
        {
            var spanQuestion = SpanQuestion();
            if (shown is null || spanQuestion is null || start < 0 || end > shown.Text.Length || start >= end)
            {
                return;
            }
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

    /// <summary>The span question new selections belong to: the active one if it is one, else the first.</summary>
    private QuestionDraft? SpanQuestion()
    {
        if (draft is null)
        {
            return null;
        }
        var active = draft.Questions.Count > activeQuestion ? draft.Questions[activeQuestion] : null;
        return active?.Question.Kind == QuestionKind.Spans ? active : draft.Questions.FirstOrDefault(q => q.Question.Kind == QuestionKind.Spans);
    }

    private void RemoveSpan(QuestionDraft question, SpanAnswer span)
    {
        question.Spans.Remove(span);
        problems = [];
    }

    private Task ClearBrowserSelectionAsync() => keyboard.ClearSelectionAsync();

    /// <summary>The run of a suggestion the answer kept (pre-selected on a new item and left as it was), else null.</summary>
    private int? KeptSuggestion(Answer answer) =>
        shown is { CurrentAnswer: null, Suggestions: { } suggestions }
            ? suggestions.FirstOrDefault(s => answer.Questions.GetValueOrDefault(s.QuestionKey)?.Label == s.Label)?.RunId
            : null;

    /// <summary>The label model's suggestion for a question of the item on screen.</summary>
    private WeakSuggestion? SuggestionFor(string questionKey) => shown?.Suggestions?.FirstOrDefault(s => s.QuestionKey == questionKey);

    private async Task SubmitAsync()
    {
        if (shown is null || draft is null || busy)
        {
            return;
        }
        var answer = draft.ToAnswer();
        problems = answer.Problems(Schema, shown.Text);
        if (problems.Count > 0)
        {
            return;
        }
        busy = true;
        try
        {
            if (AnswerDraft.Same(answer, shown.CurrentAnswer) && InHistory)
            {
                // Unchanged: no new version, just move on.
                await ForwardInHistoryAsync();
                return;
            }
            var result = await Queue.SubmitAsync(await GetCallerAsync(), ProjectId, shown.ItemId,
                new SubmitRequest(answer, (int)Math.Min(int.MaxValue, onScreen.ElapsedMilliseconds), KeptSuggestion(answer)), Aborted);
            if (result.Late)
            {
                Snackbar.Add("Saved. Your reservation had expired, so the item may now have more answers than needed; yours is kept.", Severity.Info);
            }
            if (InHistory)
            {
                Snackbar.Add($"Changed: version {result.Version} saved, earlier versions kept.", Severity.Success);
                await ForwardInHistoryAsync();
            }
            else
            {
                progress = progress is null ? null : progress with { MineToday = progress.MineToday + 1, MineTotal = progress.MineTotal + 1 };
                await AdvanceAsync();
            }
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

    private async Task SkipAsync(string? reason)
    {
        if (shown is null || busy)
        {
            return;
        }
        if (InHistory)
        {
            notice = "Items from your history cannot be skipped; press Esc to return to the queue.";
            return;
        }
        busy = true;
        try
        {
            await Queue.SkipAsync(await GetCallerAsync(), ProjectId, shown.ItemId, new SkipRequest(reason), Aborted);
            await AdvanceAsync();
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

    private async Task SkipWithReasonAsync()
    {
        var dialog = await Dialogs.ShowAsync<SkipReasonDialog>("Skip this item", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: string reason })
        {
            await SkipAsync(reason);
        }
    }

    /// <summary>One item further back in the annotator's history (their queue item stays reserved meanwhile).</summary>
    private async Task BackAsync()
    {
        var index = (historyIndex ?? -1) + 1;
        await OpenHistoryAsync(index, atEnd: "You are at the first item you labeled in this project.");
    }

    private async Task ForwardInHistoryAsync()
    {
        if (historyIndex is null or 0)
        {
            await ReturnToQueueAsync();
            return;
        }
        await OpenHistoryAsync(historyIndex.Value - 1, atEnd: null);
    }

    private async Task OpenHistoryAsync(int index, string? atEnd)
    {
        busy = true;
        try
        {
            var caller = await GetCallerAsync();
            var entry = (await Queue.HistoryAsync(caller, ProjectId, index, 1, Aborted)).FirstOrDefault();
            if (entry is null)
            {
                notice = atEnd;
                return;
            }
            var item = await Queue.ReopenAsync(caller, ProjectId, entry.ItemId, Aborted);
            historyIndex = index;
            historyEntry = entry;
            notice = null;
            Show(item);
        }
        finally
        {
            busy = false;
        }
    }

    private async Task ReturnToQueueAsync()
    {
        historyIndex = null;
        historyEntry = null;
        notice = null;
        if (queueItem is null)
        {
            await AdvanceAsync();
        }
        else
        {
            // The draft on the queue item starts afresh from what is stored (nothing was submitted for it yet).
            Show(queueItem);
        }
    }

    private async Task ToggleSkippedModeAsync()
    {
        skippedMode = !skippedMode;
        historyIndex = null;
        historyEntry = null;
        prefetch = null;
        await LoadFirstAsync();
    }

    private async Task ShowShortcutsAsync()
    {
        var parameters = new DialogParameters<ShortcutsDialog> { { d => d.Schema, Schema }, { d => d.Hotkeys, hotkeys } };
        await Dialogs.ShowAsync<ShortcutsDialog>("Keyboard shortcuts", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true });
    }

    protected override Task OnSubscribedAsync() => RendererInfo.IsInteractive ? RefreshProgressAsync() : Task.CompletedTask;

    protected override async Task OnProjectEventAsync(ProjectEvent projectEvent)
    {
        if (projectEvent is QueueUpdated)
        {
            await RefreshProgressAsync();
        }
    }

    /// <summary>Recounts the header figures; bursts of events while a count runs coalesce into one more count.</summary>
    private async Task RefreshProgressAsync()
    {
        if (Interlocked.Increment(ref progressRefreshing) > 1)
        {
            return;
        }
        try
        {
            do
            {
                var now = Time.GetUtcNow().UtcDateTime;
                var localNow = now.AddMinutes(-timezoneOffsetMinutes);
                var dayStart = localNow.Date.AddMinutes(timezoneOffsetMinutes);
                progress = await Queue.ProgressAsync(await GetCallerAsync(), ProjectId, dayStart, Aborted);
            }
            while (Interlocked.Exchange(ref progressRefreshing, 1) > 1);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or NotFoundException or ForbiddenException)
        {
        }
        finally
        {
            Interlocked.Exchange(ref progressRefreshing, 0);
        }
    }

    /// <summary>Keeps the items on screen and prefetched reserved while the page is open, renewing at a third of the lease.</summary>
    private async Task RenewLeasesAsync()
    {
        var minutes = Math.Max(1, settings?.LeaseMinutes ?? 30);
        renewTimer = new PeriodicTimer(TimeSpan.FromMinutes(minutes / 3.0));
        try
        {
            while (await renewTimer.WaitForNextTickAsync(Aborted))
            {
                await InvokeAsync(async () =>
                {
                    var caller = await GetCallerAsync();
                    if (queueItem is not null && await Queue.RenewAsync(caller, ProjectId, queueItem.ItemId, Aborted) is null && !InHistory)
                    {
                        leaseLost = true;
                        StateHasChanged();
                    }
                    if (prefetch is { IsCompletedSuccessfully: true, Result: { } next })
                    {
                        await Queue.RenewAsync(caller, ProjectId, next.ItemId, Aborted);
                    }
                });
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private string? KeyFor(QuestionDefinition question, LabelDefinition label) => hotkeys.KeyOf(question.Key, label.Key);

    public async ValueTask DisposeAsync()
    {
        renewTimer?.Dispose();
        await keyboard.DisposeAsync();
        Dispose();
    }
}
