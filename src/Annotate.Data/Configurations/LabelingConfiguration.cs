using Annotate.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Annotate.Data.Configurations;

internal sealed class LabelSchemaVersionConfiguration : IEntityTypeConfiguration<LabelSchemaVersion>
{
    public void Configure(EntityTypeBuilder<LabelSchemaVersion> builder)
    {
        builder.HasIndex(s => new { s.ProjectId, s.Version }).IsUnique();
        builder.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Assignment> builder)
    {
        builder.Property(a => a.Status).HasConversion<int>();
        builder.Property(a => a.SkipReason).HasMaxLength(500);
        // Nobody receives the same item twice, whatever code path hands it out.
        builder.HasIndex(a => new { a.ItemId, a.AnnotatorId }).IsUnique();
        builder.HasIndex(a => new { a.ItemId, a.Status, a.ExpiresAt });
        builder.HasIndex(a => new { a.ProjectId, a.AnnotatorId, a.Status });
        builder.HasIndex(a => new { a.ProjectId, a.SubmittedAt });
        builder.HasOne(a => a.Item).WithMany().HasForeignKey(a => a.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.AnnotatorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AnnotationConfiguration : IEntityTypeConfiguration<Annotation>
{
    public void Configure(EntityTypeBuilder<Annotation> builder)
    {
        builder.Property(a => a.Source).HasConversion<int>();
        builder.Property(a => a.AnswerJson).IsRequired();
        // Two concurrent edits cannot both become version n.
        builder.HasIndex(a => new { a.ItemId, a.AnnotatorId, a.Version }).IsUnique();
        builder.HasIndex(a => new { a.ProjectId, a.CreatedAt });
        builder.HasOne<Item>().WithMany().HasForeignKey(a => a.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Assignment>().WithMany().HasForeignKey(a => a.AssignmentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.AnnotatorId).OnDelete(DeleteBehavior.Restrict);
    }
}
