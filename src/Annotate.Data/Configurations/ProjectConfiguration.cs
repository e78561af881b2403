using Annotate.Core.Projects;
using Annotate.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Annotate.Data.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(ProjectNames.MaxLength).IsRequired();
        builder.Property(p => p.NormalizedName).HasMaxLength(ProjectNames.MaxLength * 2).IsRequired();
        builder.HasIndex(p => p.NormalizedName).IsUnique();
        builder.Property(p => p.Description).HasMaxLength(4000);
        builder.Property(p => p.CreatedById).HasMaxLength(450);
    }
}
