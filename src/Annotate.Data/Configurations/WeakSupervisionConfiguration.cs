using Annotate.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Annotate.Data.Configurations;

internal sealed class LabelingFunctionConfiguration : IEntityTypeConfiguration<LabelingFunction>
{
    public void Configure(EntityTypeBuilder<LabelingFunction> builder)
    {
        builder.Property(f => f.Name).HasMaxLength(100);
        builder.Property(f => f.QuestionKey).HasMaxLength(40);
        builder.HasIndex(f => new { f.ProjectId, f.Name }).IsUnique();
        builder.HasOne<Project>().WithMany().HasForeignKey(f => f.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(f => f.Versions).WithOne(v => v.Function).HasForeignKey(v => v.FunctionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LabelingFunctionVersionConfiguration : IEntityTypeConfiguration<LabelingFunctionVersion>
{
    public void Configure(EntityTypeBuilder<LabelingFunctionVersion> builder)
    {
        builder.Property(v => v.Label).HasMaxLength(40);
        builder.Property(v => v.Error).HasMaxLength(1000);
        builder.HasIndex(v => new { v.FunctionId, v.Version }).IsUnique();
        builder.HasIndex(v => v.ProjectId);
    }
}

internal sealed class LfVoteConfiguration : IEntityTypeConfiguration<LfVote>
{
    public void Configure(EntityTypeBuilder<LfVote> builder)
    {
        builder.HasKey(v => new { v.FunctionVersionId, v.ItemId });
        builder.Property(v => v.Label).HasMaxLength(40);
        builder.HasIndex(v => new { v.ProjectId, v.ItemId });
        builder.HasOne<LabelingFunctionVersion>().WithMany().HasForeignKey(v => v.FunctionVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Item>().WithMany().HasForeignKey(v => v.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WeakLabelRunConfiguration : IEntityTypeConfiguration<WeakLabelRun>
{
    public void Configure(EntityTypeBuilder<WeakLabelRun> builder)
    {
        builder.Property(r => r.Model).HasMaxLength(20);
        builder.Property(r => r.QuestionKey).HasMaxLength(40);
        builder.HasIndex(r => new { r.ProjectId, r.CreatedAt });
        builder.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WeakLabelConfiguration : IEntityTypeConfiguration<WeakLabel>
{
    public void Configure(EntityTypeBuilder<WeakLabel> builder)
    {
        builder.HasKey(w => new { w.RunId, w.ItemId });
        builder.Property(w => w.Label).HasMaxLength(40);
        builder.HasIndex(w => new { w.RunId, w.Entropy });
        builder.HasIndex(w => w.ItemId);
        builder.HasOne<WeakLabelRun>().WithMany().HasForeignKey(w => w.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Item>().WithMany().HasForeignKey(w => w.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
