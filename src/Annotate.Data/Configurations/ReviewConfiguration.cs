using Annotate.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Annotate.Data.Configurations;

internal sealed class ReviewTaskConfiguration : IEntityTypeConfiguration<ReviewTask>
{
    public void Configure(EntityTypeBuilder<ReviewTask> builder)
    {
        builder.Property(t => t.Reason).HasConversion<int>();
        builder.Property(t => t.Status).HasConversion<int>();
        builder.Property(t => t.Note).HasMaxLength(1000);
        // One open task per item, whichever path opens it (the same SQL on both stores).
        builder.HasIndex(t => t.ItemId).IsUnique().HasFilter("\"Status\" = 0").HasDatabaseName("IX_ReviewTasks_ItemId_Open");
        builder.HasIndex(t => new { t.ProjectId, t.Status, t.CreatedAt });
        builder.HasIndex(t => new { t.ItemId, t.CreatedAt });
        builder.HasOne(t => t.Item).WithMany().HasForeignKey(t => t.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewDecisionConfiguration : IEntityTypeConfiguration<ReviewDecision>
{
    public void Configure(EntityTypeBuilder<ReviewDecision> builder)
    {
        builder.Property(d => d.Outcome).HasConversion<int>();
        builder.Property(d => d.Comment).HasMaxLength(2000);
        builder.HasIndex(d => new { d.ProjectId, d.ItemId, d.Id });
        builder.HasIndex(d => d.TaskId);
        builder.HasOne<ReviewTask>().WithMany().HasForeignKey(d => d.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Annotation>().WithMany().HasForeignKey(d => d.AcceptedAnnotationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(d => d.ReviewerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GoldItemConfiguration : IEntityTypeConfiguration<GoldItem>
{
    public void Configure(EntityTypeBuilder<GoldItem> builder)
    {
        builder.Property(g => g.AnswerJson).IsRequired();
        builder.HasIndex(g => g.ItemId).IsUnique();
        builder.HasIndex(g => g.ProjectId);
        builder.HasOne<Item>().WithMany().HasForeignKey(g => g.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(g => g.SetById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ItemFlagConfiguration : IEntityTypeConfiguration<ItemFlag>
{
    public void Configure(EntityTypeBuilder<ItemFlag> builder)
    {
        builder.Property(f => f.Reason).HasMaxLength(500);
        builder.HasIndex(f => new { f.ItemId, f.CreatedAt });
        builder.HasIndex(f => f.ProjectId);
        builder.HasOne<Item>().WithMany().HasForeignKey(f => f.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
