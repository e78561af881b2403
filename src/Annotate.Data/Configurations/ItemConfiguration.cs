using Annotate.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Annotate.Data.Configurations;

internal sealed class ItemConfiguration : IEntityTypeConfiguration<Item>
{
    public void Configure(EntityTypeBuilder<Item> builder)
    {
        builder.Property(i => i.Text).IsRequired();
        builder.Property(i => i.ExternalId).HasMaxLength(512);
        builder.Property(i => i.SourceKind).HasMaxLength(16);
        builder.Property(i => i.SourceName).HasMaxLength(2048);
        builder.Property(i => i.GroupKey).HasMaxLength(512);
        builder.Property(i => i.ContentHash).HasMaxLength(64);
        builder.Property(i => i.Status).HasConversion<int>();
        builder.HasIndex(i => new { i.ProjectId, i.Id });
        builder.HasIndex(i => new { i.ProjectId, i.ContentHash });
        builder.HasIndex(i => new { i.ProjectId, i.ExternalId });
        builder.HasIndex(i => new { i.ProjectId, i.NearDuplicateGroupId });
        builder.HasIndex(i => i.ImportJobId);
        // The queue's default order: least-annotated first, among items that can be labeled.
        builder.HasIndex(i => new { i.ProjectId, i.Status, i.SubmittedCount, i.Id });
        builder.HasOne(i => i.Project).WithMany().HasForeignKey(i => i.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
