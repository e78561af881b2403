using Annotate.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Annotate.Data.Configurations;

internal sealed class UploadConfiguration : IEntityTypeConfiguration<Upload>
{
    public void Configure(EntityTypeBuilder<Upload> builder)
    {
        builder.Property(u => u.FileName).HasMaxLength(512).IsRequired();
        builder.Property(u => u.StoredPath).HasMaxLength(1024).IsRequired();
        builder.HasIndex(u => new { u.ProjectId, u.CreatedAt });
        builder.HasOne(u => u.Project).WithMany().HasForeignKey(u => u.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
