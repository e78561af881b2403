using Annotate.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Annotate.Data.Configurations;

internal sealed class ProjectStatisticsConfiguration : IEntityTypeConfiguration<ProjectStatistics>
{
    public void Configure(EntityTypeBuilder<ProjectStatistics> builder)
    {
        builder.HasKey(s => s.ProjectId);
        builder.Property(s => s.ProjectId).ValueGeneratedNever();
        builder.HasOne<Project>().WithOne().HasForeignKey<ProjectStatistics>(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
