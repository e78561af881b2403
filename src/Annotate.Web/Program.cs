using Annotate.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddAnnotateWeb();

var app = builder.Build();
await app.MigrateAnnotateDatabaseAsync();

if (CreateAdminCommand.IsRequested(args))
{
    return await CreateAdminCommand.RunAsync(app.Services, args, Console.Out, Console.Error);
}

app.UseAnnotateWeb();
app.Run();
return 0;

public partial class Program;
