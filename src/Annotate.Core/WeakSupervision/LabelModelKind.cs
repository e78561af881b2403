namespace Annotate.Core.WeakSupervision;

/// <summary>The label models Annotate can fit.</summary>
public enum LabelModelKind
{
    /// <summary><see cref="MajorityVoteModel"/>.</summary>
    MajorityVote,

    /// <summary><see cref="DawidSkeneModel"/>.</summary>
    DawidSkene,

    /// <summary><see cref="MatrixCompletionModel"/> (Snorkel's label model).</summary>
    MatrixCompletion,
}
