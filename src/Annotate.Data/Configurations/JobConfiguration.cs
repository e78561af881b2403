using Annotate.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Annotate.Data.Configurations;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.Property(j => j.Kind).HasMaxLength(64).IsRequired();
        builder.Property(j => j.Status).HasConversion<int>();
        builder.Property(j => j.Message).HasMaxLength(2000);
        builder.Property(j => j.Error).HasMaxLength(8000);
        builder.HasIndex(j => new { j.ProjectId, j.CreatedAt });
        builder.HasIndex(j => j.Status);
        builder.HasOne(j => j.Project).WithMany().HasForeignKey(j => j.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(j => j.CreatedBy).WithMany().HasForeignKey(j => j.CreatedById).OnDelete(DeleteBehavior.SetNull);
    }
}
