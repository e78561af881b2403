using Annotate.Data.Entities;

namespace Annotate.Web.Tests.TestSupport;

/// <summary>Puts items straight into the store, standing in for the import stage.</summary>
public static class ItemSeeder
{
    public static async Task SeedAsync(AnnotateWebFactory factory, int projectId, IEnumerable<Item> items)
    {
        await using var db = await factory.DbFactory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        foreach (var item in items)
        {
            item.ProjectId = projectId;
            item.CreatedAt = DateTime.UtcNow;
            db.Items.Add(item);
        }
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
